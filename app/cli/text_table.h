// A plain-text table for the CLI's listings: a header row, columns as wide as their widest
// cell (two spaces apart), numbers right-aligned, the last column unpadded.
#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <vector>

namespace medtune::cli {

class TextTable
{
public:
    enum class Align { Left, Right };
    struct Column
    {
        QString header;
        Align align = Align::Left;
    };

    explicit TextTable(std::vector<Column> columns);
    /// One row; missing cells are empty, a cell's line breaks become spaces.
    void addRow(QStringList cells);
    bool isEmpty() const { return m_rows.empty(); }
    void print(QTextStream &out, const QString &indent = {}) const;

private:
    std::vector<Column> m_columns;
    std::vector<QStringList> m_rows;
};

} // namespace medtune::cli
