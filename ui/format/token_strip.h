// The token strip of the Format page: every token of a formatted example as its vocabulary
// piece, in reading order and wrapped like text, coloured by whether training computes a
// loss on it (trained) or not (label -100: BOS and prompt, masked). Hover shows id and
// label; arrow keys walk the tokens for keyboard users.
#pragma once

#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

namespace medtune::ui {

class TokenStrip : public QWidget
{
    Q_OBJECT
public:
    struct Token
    {
        int id = 0;
        QString piece; ///< the vocabulary piece ("▁Hello", "<0x0A>", "</s>")
        int label = 0; ///< the training label: the id itself, or -100 (masked)
        bool control = false;
        bool trained() const { return label != -100; }
    };

    explicit TokenStrip(QWidget *parent = nullptr);

    void setTokens(std::vector<Token> tokens);
    const std::vector<Token> &tokens() const { return m_tokens; }
    int trainedCount() const;
    int maskedCount() const;
    /// The text a token shows (whitespace and byte pieces made visible).
    static QString displayText(const Token &token);
    /// The tooltip of token i ("piece, id, label, position").
    QString tokenToolTip(int index) const;
    /// The token at a point of the widget, or -1.
    int tokenAt(const QPoint &pos) const;
    int currentToken() const { return m_current; }
    void setCurrentToken(int index);

    static QColor trainedColor();
    static QColor maskedColor();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

Q_SIGNALS:
    void currentTokenChanged(int index);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    /// Lays the chips out for a width; returns the height used.
    int layoutFor(int width, std::vector<QRect> *rects) const;

    std::vector<Token> m_tokens;
    std::vector<QRect> m_rects;
    int m_current = -1;
};

} // namespace medtune::ui
