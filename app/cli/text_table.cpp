#include "cli/text_table.h"

#include <algorithm>

namespace medtune::cli {

TextTable::TextTable(std::vector<Column> columns)
    : m_columns(std::move(columns))
{
}

void TextTable::addRow(QStringList cells)
{
    while (cells.size() < qsizetype(m_columns.size()))
        cells << QString();
    for (QString &c : cells)
        c = c.simplified();
    m_rows.push_back(std::move(cells));
}

void TextTable::print(QTextStream &out, const QString &indent) const
{
    std::vector<qsizetype> width(m_columns.size());
    for (size_t c = 0; c < m_columns.size(); ++c) {
        width[c] = m_columns[c].header.size();
        for (const QStringList &row : m_rows)
            width[c] = std::max(width[c], row[c].size());
    }
    auto line = [&](const QStringList &cells) {
        QString text = indent;
        for (size_t c = 0; c < m_columns.size(); ++c) {
            const bool last = c + 1 == m_columns.size();
            if (m_columns[c].align == Align::Right)
                text += cells[c].rightJustified(width[c]);
            else
                text += last ? cells[c] : cells[c].leftJustified(width[c]);
            if (!last)
                text += QStringLiteral("  ");
        }
        while (text.endsWith(u' '))
            text.chop(1);
        out << text << '\n';
    };
    QStringList headers;
    for (const Column &c : m_columns)
        headers << c.header;
    line(headers);
    for (const QStringList &row : m_rows)
        line(row);
}

} // namespace medtune::cli
