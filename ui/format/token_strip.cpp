#include "format/token_strip.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>

namespace medtune::ui {
namespace {
constexpr int kPadX = 4, kPadY = 2, kGapX = 3, kGapY = 4, kMargin = 4;
}

TokenStrip::TokenStrip(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setAccessibleName(tr("Token strip"));
    setToolTip(QString()); // per-token tooltips come from event()
}

QColor TokenStrip::trainedColor()
{
    return QColor(0x2e, 0x9d, 0x5b);
}

QColor TokenStrip::maskedColor()
{
    return QColor(0x8a, 0x94, 0xa6);
}

void TokenStrip::setTokens(std::vector<Token> tokens)
{
    m_tokens = std::move(tokens);
    m_current = -1;
    layoutFor(width(), &m_rects);
    updateGeometry();
    update();
}

int TokenStrip::trainedCount() const
{
    return int(std::count_if(m_tokens.begin(), m_tokens.end(), [](const Token &t) { return t.trained(); }));
}

int TokenStrip::maskedCount() const
{
    return int(m_tokens.size()) - trainedCount();
}

QString TokenStrip::displayText(const Token &t)
{
    QString s = t.piece;
    if (s.startsWith(QStringLiteral("<0x")) && s.endsWith(QLatin1Char('>')) && s.size() == 6) {
        bool ok = false;
        const int byte = s.mid(3, 2).toInt(&ok, 16);
        if (ok && byte == 0x0A)
            return QStringLiteral("\u21b5"); // line break
        if (ok && byte == 0x09)
            return QStringLiteral("\u21e5");
        return s;
    }
    s.replace(QChar(0x2581), QChar(0x00b7)); // SentencePiece word start -> middle dot
    return s;
}

QString TokenStrip::tokenToolTip(int i) const
{
    if (i < 0 || i >= int(m_tokens.size()))
        return {};
    const Token &t = m_tokens[size_t(i)];
    return tr("<b>%1</b><br>position %2 of %3<br>id %4<br>label %5 (%6)")
        .arg(t.piece.toHtmlEscaped())
        .arg(i + 1)
        .arg(m_tokens.size())
        .arg(t.id)
        .arg(t.label)
        .arg(t.trained() ? tr("trained") : tr("masked, no loss"));
}

int TokenStrip::layoutFor(int width, std::vector<QRect> *rects) const
{
    const QFontMetrics fm(font());
    const int h = fm.height() + 2 * kPadY;
    int x = kMargin, y = kMargin;
    const int right = std::max(width - kMargin, 60);
    if (rects)
        rects->clear();
    for (const Token &t : m_tokens) {
        const int w = fm.horizontalAdvance(displayText(t)) + 2 * kPadX;
        if (x + w > right && x > kMargin) {
            x = kMargin;
            y += h + kGapY;
        }
        if (rects)
            rects->emplace_back(x, y, w, h);
        x += w + kGapX;
        // A line break in the text breaks the strip too, so it reads like the prompt.
        if (t.piece == QStringLiteral("<0x0A>")) {
            x = kMargin;
            y += h + kGapY;
        }
    }
    return y + h + kMargin;
}

int TokenStrip::heightForWidth(int width) const
{
    return layoutFor(width, nullptr);
}

QSize TokenStrip::sizeHint() const
{
    return { 600, heightForWidth(std::max(width(), 600)) };
}

QSize TokenStrip::minimumSizeHint() const
{
    return { 200, QFontMetrics(font()).height() + 2 * (kPadY + kMargin) };
}

void TokenStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutFor(width(), &m_rects);
}

int TokenStrip::tokenAt(const QPoint &pos) const
{
    for (size_t i = 0; i < m_rects.size(); ++i)
        if (m_rects[i].contains(pos))
            return int(i);
    return -1;
}

void TokenStrip::setCurrentToken(int index)
{
    if (index < -1 || index >= int(m_tokens.size()) || index == m_current)
        return;
    m_current = index;
    update();
    Q_EMIT currentTokenChanged(index);
}

bool TokenStrip::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int i = tokenAt(help->pos());
        if (i >= 0)
            QToolTip::showText(help->globalPos(), tokenToolTip(i), this, m_rects[size_t(i)]);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void TokenStrip::mousePressEvent(QMouseEvent *event)
{
    setFocus();
    setCurrentToken(tokenAt(event->position().toPoint()));
}

void TokenStrip::keyPressEvent(QKeyEvent *event)
{
    const int n = int(m_tokens.size());
    switch (event->key()) {
    case Qt::Key_Right:
        setCurrentToken(std::min(n - 1, m_current + 1));
        break;
    case Qt::Key_Left:
        setCurrentToken(std::max(0, m_current - 1));
        break;
    case Qt::Key_Home:
        setCurrentToken(n > 0 ? 0 : -1);
        break;
    case Qt::Key_End:
        setCurrentToken(n - 1);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    if (m_current >= 0 && m_current < int(m_rects.size()))
        QToolTip::showText(mapToGlobal(m_rects[size_t(m_current)].bottomLeft()), tokenToolTip(m_current), this);
}

void TokenStrip::paintEvent(QPaintEvent *event)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRect clip = event->rect();
    const QColor text = palette().color(QPalette::Text);
    for (size_t i = 0; i < m_tokens.size() && i < m_rects.size(); ++i) {
        const QRect &r = m_rects[i];
        if (!r.intersects(clip))
            continue;
        const Token &t = m_tokens[i];
        QColor fill = t.trained() ? trainedColor() : maskedColor();
        fill.setAlpha(t.trained() ? 70 : 45);
        QColor border = t.trained() ? trainedColor() : maskedColor();
        p.setPen(QPen(border, int(i) == m_current ? 2.0 : 1.0));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        QFont f = font();
        f.setBold(t.control);
        p.setFont(f);
        p.setPen(t.trained() ? text : text.lighter(t.trained() ? 100 : 100));
        p.drawText(r, Qt::AlignCenter, displayText(t));
    }
    if (hasFocus() && m_current >= 0 && m_current < int(m_rects.size())) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(m_rects[size_t(m_current)]).adjusted(-1, -1, 1, 1), 3, 3);
    }
}

} // namespace medtune::ui
