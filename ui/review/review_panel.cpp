#include "review/review_panel.h"

#include "util/error.h"

#include <QApplication>
#include <QButtonGroup>
#include <QComboBox>
#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTextBrowser>
#include <QTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace medtune::ui {

struct ReviewPanel::Row
{
    const RubricCriterion *criterion = nullptr;
    int side = -1; ///< 0 = A (left), 1 = B (right), -1 = item level
    QFrame *frame = nullptr;
    std::vector<QToolButton *> buttons;
    QLineEdit *text = nullptr;
    QString value; ///< as stored (preference: canonical)
};

struct ReviewPanel::Side
{
    QWidget *column = nullptr;
    QLabel *header = nullptr;
    QTextEdit *text = nullptr;
    QComboBox *spanType = nullptr;
    QComboBox *spanSeverity = nullptr;
    QListWidget *spanList = nullptr;
    QWidget *criteria = nullptr;
    QVBoxLayout *criteriaLayout = nullptr;
    std::vector<Span> spans;
};

namespace {

QLabel *sectionLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

// Colours come from the palette, so the panel reads in light and dark themes alike.
const char *kStyle = R"(
QFrame#criterionRow { border: 1px solid transparent; border-radius: 4px; }
QFrame#criterionRow[focused="true"] { background: palette(alternate-base); border: 1px solid palette(highlight); }
QToolButton#option { min-width: 26px; padding: 2px 6px; border: 1px solid palette(mid); border-radius: 3px; background: palette(base); color: palette(text); }
QToolButton#option:checked { background: palette(highlight); color: palette(highlighted-text); border-color: palette(highlight); }
QLabel#outputHeader { font-weight: bold; font-size: 11pt; color: palette(link); }
QLabel#itemTitle { font-weight: bold; font-size: 12pt; color: palette(link); }
)";

} // namespace

ReviewPanel::ReviewPanel(ReviewStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("reviewPanel"));
    setFocusPolicy(Qt::StrongFocus);
    buildUi();
    installEventFilter(this);
}

ReviewPanel::~ReviewPanel() = default;

void ReviewPanel::buildUi()
{
    setStyleSheet(QString::fromLatin1(kStyle));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(8, 8, 8, 8);

    // Top: item, progress, status.
    auto *top = new QHBoxLayout;
    m_title = new QLabel(tr("No session started"), this);
    m_title->setObjectName(QStringLiteral("itemTitle"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("itemStatus"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("reviewProgress"));
    m_progress->setFormat(tr("%v of %m submitted"));
    m_progress->setMinimumWidth(200);
    m_progress->setMaximumWidth(280);
    m_progress->setAccessibleName(tr("Progress"));
    top->addWidget(m_title);
    top->addSpacing(12);
    top->addWidget(m_statusLabel, 1);
    top->addWidget(m_progress);
    outer->addLayout(top);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    // Left: source (searchable) and reference.
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 4, 0);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(sectionLabel(tr("Source"), left));
    m_search = new QLineEdit(left);
    m_search->setObjectName(QStringLiteral("sourceSearch"));
    m_search->setPlaceholderText(tr("Find in source (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    searchRow->addWidget(m_search, 1);
    leftLayout->addLayout(searchRow);
    m_source = new QTextBrowser(left);
    m_source->setObjectName(QStringLiteral("sourceView"));
    leftLayout->addWidget(m_source, 3);
    leftLayout->addWidget(sectionLabel(tr("Reference"), left));
    m_reference = new QTextBrowser(left);
    m_reference->setObjectName(QStringLiteral("referenceView"));
    leftLayout->addWidget(m_reference, 2);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findInSource(m_search->text()); });
    splitter->addWidget(left);

    // Outputs A and B, each with its span tools and criteria.
    for (int side = 0; side < 2; ++side) {
        auto s = std::make_unique<Side>();
        s->column = new QWidget(splitter);
        auto *col = new QVBoxLayout(s->column);
        col->setContentsMargins(4, 0, 4, 0);
        s->header = new QLabel(s->column);
        s->header->setObjectName(QStringLiteral("outputHeader"));
        col->addWidget(s->header);
        s->text = new QTextEdit(s->column);
        s->text->setObjectName(side == 0 ? QStringLiteral("outputA") : QStringLiteral("outputB"));
        s->text->setReadOnly(true);
        s->text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        col->addWidget(s->text, 2);
        connect(s->text, &QTextEdit::selectionChanged, this, [this, side] {
            if (m_sides[side]->text->textCursor().hasSelection())
                m_lastSelectionSide = side;
        });

        auto *spanRow = new QHBoxLayout;
        s->spanType = new QComboBox(s->column);
        s->spanSeverity = new QComboBox(s->column);
        s->spanType->setAccessibleName(tr("Span type"));
        s->spanSeverity->setAccessibleName(tr("Span severity"));
        auto *mark = new QPushButton(tr("Mark span (H)"), s->column);
        mark->setToolTip(tr("Mark the selected output text as a hallucination of the chosen type and severity"));
        mark->setFocusPolicy(Qt::NoFocus);
        connect(mark, &QPushButton::clicked, this, [this, side] {
            m_lastSelectionSide = side;
            markSelectedSpan();
        });
        spanRow->addWidget(s->spanType, 1);
        spanRow->addWidget(s->spanSeverity, 1);
        spanRow->addWidget(mark);
        col->addLayout(spanRow);
        s->spanList = new QListWidget(s->column);
        s->spanList->setObjectName(side == 0 ? QStringLiteral("spansA") : QStringLiteral("spansB"));
        s->spanList->setMaximumHeight(64);
        s->spanList->setToolTip(tr("Marked spans; Delete removes the selected one"));
        s->spanList->installEventFilter(this);
        col->addWidget(s->spanList);

        auto *scroll = new QScrollArea(s->column);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        s->criteria = new QWidget(scroll);
        s->criteriaLayout = new QVBoxLayout(s->criteria);
        s->criteriaLayout->setContentsMargins(0, 0, 0, 0);
        s->criteriaLayout->setSpacing(2);
        scroll->setWidget(s->criteria);
        col->addWidget(scroll, 3);
        splitter->addWidget(s->column);
        m_sides[side] = std::move(s);
    }
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 5);
    splitter->setStretchFactor(2, 5);
    outer->addWidget(splitter, 1);

    // Bottom: item-level criteria (preference) and navigation.
    auto *bottom = new QHBoxLayout;
    m_itemCriteria = new QWidget(this);
    m_itemCriteriaLayout = new QVBoxLayout(m_itemCriteria);
    m_itemCriteriaLayout->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(m_itemCriteria, 1);
    auto *prev = new QPushButton(tr("Previous (P)"), this);
    auto *skipButton = new QPushButton(tr("Skip (S)"), this);
    m_flagButton = new QPushButton(tr("Flag (F)"), this);
    m_flagButton->setCheckable(true);
    auto *submitButton = new QPushButton(tr("Submit (Ctrl+Enter)"), this);
    submitButton->setDefault(true);
    auto *nextButton = new QPushButton(tr("Next (N)"), this);
    for (QPushButton *b : { prev, skipButton, m_flagButton, submitButton, nextButton }) {
        b->setFocusPolicy(Qt::NoFocus);
        bottom->addWidget(b);
    }
    connect(prev, &QPushButton::clicked, this, &ReviewPanel::previous);
    connect(skipButton, &QPushButton::clicked, this, &ReviewPanel::skip);
    connect(m_flagButton, &QPushButton::clicked, this, &ReviewPanel::toggleFlag);
    connect(submitButton, &QPushButton::clicked, this, &ReviewPanel::submit);
    connect(nextButton, &QPushButton::clicked, this, &ReviewPanel::next);
    outer->addLayout(bottom);

    m_saveLabel = new QLabel(tr("Keys: 1-9 score, Up/Down criterion, H mark span, N/P next/previous, S skip, F flag, "
                                "Ctrl+Enter submit, Ctrl+F find"),
                             this);
    m_saveLabel->setObjectName(QStringLiteral("saveLabel"));
    m_saveLabel->setForegroundRole(QPalette::PlaceholderText);
    outer->addWidget(m_saveLabel);
    installKeyFilter(this);
}

void ReviewPanel::installKeyFilter(QWidget *root)
{
    const QList<QWidget *> children = root->findChildren<QWidget *>();
    for (QWidget *w : children)
        w->installEventFilter(this);
}

void ReviewPanel::start(qint64 sessionId, const QString &reviewer)
{
    const auto s = m_store.session(sessionId);
    if (!s)
        throw Error(tr("No review session with id %1").arg(sessionId));
    m_session = *s;
    m_sessionId = sessionId;
    m_rubric = m_store.rubric(s->rubricId);
    m_reviewerId = m_store.ensureReviewer(reviewer);
    m_reviewerName = reviewer.trimmed();
    m_assignment = m_store.assignment(sessionId, m_reviewerId);
    for (int side = 0; side < 2; ++side) {
        Side &sd = *m_sides[side];
        sd.spanType->clear();
        sd.spanSeverity->clear();
        for (const RubricOption &o : m_rubric.spanTypes)
            sd.spanType->addItem(rubricDisplayText(o.label), o.value);
        for (const RubricOption &o : m_rubric.spanSeverities)
            sd.spanSeverity->addItem(rubricDisplayText(o.label), o.value);
    }
    int first = 0;
    for (size_t i = 0; i < m_assignment.itemOrder.size(); ++i) {
        if (!m_store.status(m_assignment.itemOrder[i], m_reviewerId).submitted) {
            first = int(i);
            break;
        }
    }
    m_index = -1;
    if (!m_assignment.itemOrder.empty())
        goTo(first);
    refreshStatus();
}

qint64 ReviewPanel::currentItemId() const
{
    return m_index >= 0 && m_index < itemCount() ? m_assignment.itemOrder[size_t(m_index)] : 0;
}

void ReviewPanel::goTo(int index)
{
    if (index < 0 || index >= itemCount())
        return;
    // A comment being typed is saved before leaving the item.
    for (int r = 0; r < criterionCount(); ++r)
        if (m_rows[size_t(r)]->text && m_rows[size_t(r)]->text->text() != m_rows[size_t(r)]->value)
            choose(r, m_rows[size_t(r)]->text->text());
    m_index = index;
    loadItem();
}

void ReviewPanel::next()
{
    if (m_index + 1 < itemCount())
        goTo(m_index + 1);
    else
        m_statusLabel->setText(tr("Last item. %1").arg(m_statusLabel->text()));
}

void ReviewPanel::previous()
{
    goTo(m_index - 1);
}

void ReviewPanel::skip()
{
    if (!currentItemId())
        return;
    m_store.setSkipped(currentItemId(), m_reviewerId, true);
    Q_EMIT saved(QStringLiteral("skip"));
    next();
    refreshStatus();
}

void ReviewPanel::toggleFlag()
{
    if (!currentItemId())
        return;
    const bool flagged = !m_store.status(currentItemId(), m_reviewerId).flagged;
    m_store.setFlagged(currentItemId(), m_reviewerId, flagged);
    Q_EMIT saved(QStringLiteral("flag"));
    refreshStatus();
}

void ReviewPanel::submit()
{
    if (!currentItemId())
        return;
    for (int r = 0; r < criterionCount(); ++r)
        if (m_rows[size_t(r)]->text && m_rows[size_t(r)]->text->text() != m_rows[size_t(r)]->value)
            choose(r, m_rows[size_t(r)]->text->text());
    m_store.setSubmitted(currentItemId(), m_reviewerId, true);
    m_store.setSkipped(currentItemId(), m_reviewerId, false);
    Q_EMIT saved(QStringLiteral("submit"));
    QString reveal;
    if (m_item.outputs.size() == 2 && m_session.blind)
        reveal = tr(" Output A was %1, output B was %2.")
                     .arg(m_item.outputs[m_swapped ? 1 : 0].systemName, m_item.outputs[m_swapped ? 0 : 1].systemName);
    const int before = m_index;
    next();
    if (m_index == before)
        loadItem(); // the last item: stay and show the names
    m_saveLabel->setText(tr("Submitted item %1 at %2.%3")
                             .arg(before + 1)
                             .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), reveal));
}

void ReviewPanel::clearRows()
{
    for (auto &row : m_rows)
        delete row->frame;
    m_rows.clear();
}

void ReviewPanel::loadItem()
{
    clearRows();
    m_item = m_store.item(currentItemId());
    m_swapped = m_assignment.isSwapped(m_item.id) && m_item.outputs.size() == 2;
    const QString task = m_item.metadata.value(QStringLiteral("task")).toString(m_session.task);
    m_source->setPlainText(m_item.source);
    m_reference->setPlainText(m_item.reference.isEmpty() ? tr("(no reference)") : m_item.reference);

    for (int side = 0; side < 2; ++side) {
        Side &sd = *m_sides[side];
        const qint64 outputId = outputIdOfSide(side);
        sd.column->setVisible(outputId != 0);
        if (!outputId)
            continue;
        const ReviewOutput &o = *std::find_if(m_item.outputs.begin(), m_item.outputs.end(),
                                              [outputId](const ReviewOutput &x) { return x.id == outputId; });
        sd.text->setPlainText(o.text);
        for (const RubricCriterion *c : m_rubric.criteriaFor(task, RubricCriterion::Scope::Output))
            addRow(c, side, sd.criteriaLayout);
        refreshSpans(side);
    }
    for (const RubricCriterion *c : m_rubric.criteriaFor(task, RubricCriterion::Scope::Item)) {
        if (c->id == QLatin1String("preference") && m_item.outputs.size() != 2)
            continue;
        addRow(c, -1, m_itemCriteriaLayout);
    }
    // Stored values.
    for (const Judgment &j : m_store.judgments(m_item.id, m_reviewerId)) {
        for (auto &row : m_rows) {
            if (row->criterion->id != j.criterion)
                continue;
            const qint64 rowOutput = row->side < 0 ? 0 : outputIdOfSide(row->side);
            if (rowOutput == j.outputId)
                row->value = j.value;
        }
    }
    for (int r = 0; r < criterionCount(); ++r)
        refreshRow(r);
    m_focused = 0;
    focusCriterion(0);
    refreshStatus();
    setFocus(Qt::OtherFocusReason);
}

void ReviewPanel::addRow(const RubricCriterion *c, int side, QVBoxLayout *layout)
{
    auto row = std::make_unique<Row>();
    row->criterion = c;
    row->side = side;
    row->frame = new QFrame(layout->parentWidget());
    row->frame->setObjectName(QStringLiteral("criterionRow"));
    row->frame->setToolTip(rubricDisplayText(c->description));
    auto *h = new QHBoxLayout(row->frame);
    h->setContentsMargins(4, 2, 4, 2);
    auto *label = new QLabel(rubricDisplayText(c->label), row->frame);
    label->setMinimumWidth(side < 0 ? 130 : 150);
    h->addWidget(label);
    const int rowIndex = int(m_rows.size());
    if (c->kind == RubricCriterion::Kind::Text) {
        row->text = new QLineEdit(row->frame);
        row->text->setPlaceholderText(tr("Comment (Enter to save)"));
        row->text->setAccessibleName(rubricDisplayText(c->label));
        connect(row->text, &QLineEdit::editingFinished, this, [this, rowIndex] {
            if (rowIndex < criterionCount()
                && m_rows[size_t(rowIndex)]->text->text() != m_rows[size_t(rowIndex)]->value)
                choose(rowIndex, m_rows[size_t(rowIndex)]->text->text());
        });
        h->addWidget(row->text, 1);
    } else {
        auto *group = new QButtonGroup(row->frame);
        group->setExclusive(false);
        for (size_t i = 0; i < c->options.size(); ++i) {
            auto *b = new QToolButton(row->frame);
            b->setObjectName(QStringLiteral("option"));
            b->setCheckable(true);
            b->setFocusPolicy(Qt::NoFocus);
            const RubricOption &o = c->options[i];
            // Scales show their number; named options their label. The key is the position.
            b->setText(o.value.size() <= 2 && o.value[0].isDigit() ? o.value : rubricDisplayText(o.label));
            b->setToolTip(tr("%1 (key %2)").arg(rubricDisplayText(o.label)).arg(i + 1));
            group->addButton(b, int(i));
            h->addWidget(b);
            row->buttons.push_back(b);
        }
        connect(group, &QButtonGroup::idClicked, this, [this, rowIndex](int id) {
            focusCriterion(rowIndex);
            Row &r = *m_rows[size_t(rowIndex)];
            QString value = r.criterion->options[size_t(id)].value;
            if (r.criterion->id == QLatin1String("preference"))
                value = canonicalPreference(value);
            choose(rowIndex, value == r.value ? QString() : value);
        });
        h->addStretch(1);
    }
    row->frame->installEventFilter(this);
    for (QWidget *w : row->frame->findChildren<QWidget *>())
        w->installEventFilter(this);
    layout->addWidget(row->frame);
    row->frame->show(); // at once, not on the next event loop turn
    m_rows.push_back(std::move(row));
}

void ReviewPanel::choose(int rowIndex, const QString &value)
{
    Row &r = *m_rows[size_t(rowIndex)];
    const qint64 outputId = r.side < 0 ? 0 : outputIdOfSide(r.side);
    m_store.setJudgment(m_item.id, outputId, m_reviewerId, r.criterion->id, value);
    r.value = value;
    refreshRow(rowIndex);
    m_saveLabel->setText(
        tr("Saved %1 at %2")
            .arg(rubricDisplayText(r.criterion->label), QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    Q_EMIT saved(r.criterion->id);
}

void ReviewPanel::refreshRow(int rowIndex)
{
    Row &r = *m_rows[size_t(rowIndex)];
    if (r.text) {
        if (r.text->text() != r.value)
            r.text->setText(r.value);
        return;
    }
    QString shown = r.value;
    if (r.criterion->id == QLatin1String("preference"))
        shown = displayedPreference(r.value);
    const int index = r.criterion->optionIndex(shown);
    for (size_t i = 0; i < r.buttons.size(); ++i)
        r.buttons[i]->setChecked(int(i) == index);
}

QString ReviewPanel::rowValue(int row) const
{
    const Row &r = *m_rows[size_t(row)];
    return r.criterion->id == QLatin1String("preference") ? displayedPreference(r.value) : r.value;
}

QString ReviewPanel::criterionKey(int row) const
{
    const Row &r = *m_rows[size_t(row)];
    return r.side < 0 ? r.criterion->id : r.criterion->id + (r.side == 0 ? QStringLiteral("@A") : QStringLiteral("@B"));
}

void ReviewPanel::focusCriterion(int row)
{
    if (m_rows.empty())
        return;
    m_focused = qBound(0, row, criterionCount() - 1);
    for (int i = 0; i < criterionCount(); ++i) {
        QFrame *f = m_rows[size_t(i)]->frame;
        f->setProperty("focused", i == m_focused);
        f->style()->unpolish(f);
        f->style()->polish(f);
    }
    Row &r = *m_rows[size_t(m_focused)];
    if (QWidget *column = r.side >= 0 ? m_sides[r.side]->criteria : nullptr) {
        if (auto *scroll = qobject_cast<QScrollArea *>(column->parentWidget()->parentWidget()))
            scroll->ensureWidgetVisible(r.frame);
    }
    if (r.text)
        r.text->setFocus(Qt::OtherFocusReason);
    else if (QApplication::focusWidget() && qobject_cast<QLineEdit *>(QApplication::focusWidget()) != m_search)
        setFocus(Qt::OtherFocusReason);
}

void ReviewPanel::scoreFocused(int number)
{
    if (m_rows.empty())
        return;
    Row &r = *m_rows[size_t(m_focused)];
    if (r.text || number < 1 || number > int(r.criterion->options.size()))
        return;
    QString value = r.criterion->options[size_t(number - 1)].value;
    if (r.criterion->id == QLatin1String("preference"))
        value = canonicalPreference(value);
    choose(m_focused, value);
    // Move on to the next choice criterion (comments are reached with Down).
    int nextRow = m_focused + 1;
    while (nextRow < criterionCount() && m_rows[size_t(nextRow)]->text)
        ++nextRow;
    if (nextRow < criterionCount())
        focusCriterion(nextRow);
}

qint64 ReviewPanel::outputIdOfSide(int side) const
{
    if (m_item.outputs.empty())
        return 0;
    if (m_item.outputs.size() == 1)
        return side == 0 ? m_item.outputs[0].id : 0;
    const int canonical = m_swapped ? 1 - side : side;
    return m_item.outputs[size_t(canonical)].id;
}

QString ReviewPanel::canonicalPreference(const QString &displayed) const
{
    if (!m_swapped)
        return displayed;
    if (displayed == QLatin1String("A"))
        return QStringLiteral("B");
    if (displayed == QLatin1String("B"))
        return QStringLiteral("A");
    return displayed;
}

QString ReviewPanel::displayedPreference(const QString &canonical) const
{
    return canonicalPreference(canonical); // swapping is its own inverse
}

bool ReviewPanel::identitiesShown() const
{
    return !m_session.blind || (currentItemId() && m_store.status(currentItemId(), m_reviewerId).submitted);
}

QString ReviewPanel::outputHeader(int side) const
{
    return m_sides[side]->header->text();
}

QTextEdit *ReviewPanel::outputView(int side) const
{
    return m_sides[side]->text;
}

void ReviewPanel::markSpan(int side, int start, int end, const QString &type, const QString &severity)
{
    const qint64 outputId = outputIdOfSide(side);
    if (!outputId)
        return;
    m_store.addSpan({ 0, outputId, m_reviewerId, start, end, type, severity });
    // A marked span implies at least that much hallucination.
    for (int r = 0; r < criterionCount(); ++r) {
        Row &row = *m_rows[size_t(r)];
        if (row.side != side || !row.criterion->spans)
            continue;
        const int wanted = row.criterion->optionIndex(severity);
        if (wanted >= 0 && row.criterion->optionIndex(row.value) < wanted)
            choose(r, severity);
    }
    refreshSpans(side);
    auto labelOf = [](const std::vector<RubricOption> &options, const QString &value) {
        for (const RubricOption &o : options)
            if (o.value == value)
                return rubricDisplayText(o.label);
        return value;
    };
    m_saveLabel->setText(tr("Saved a %1 %2 span at %3")
                             .arg(labelOf(m_rubric.spanSeverities, severity), labelOf(m_rubric.spanTypes, type),
                                  QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    Q_EMIT saved(QStringLiteral("span"));
}

bool ReviewPanel::markSelectedSpan()
{
    for (int side : { m_lastSelectionSide, 1 - m_lastSelectionSide }) {
        Side &sd = *m_sides[side];
        const QTextCursor c = sd.text->textCursor();
        if (!sd.column->isVisible() || !c.hasSelection())
            continue;
        markSpan(side, c.selectionStart(), c.selectionEnd(), sd.spanType->currentData().toString(),
                 sd.spanSeverity->currentData().toString());
        return true;
    }
    m_saveLabel->setText(tr("Select text in an output first, then press H to mark it."));
    return false;
}

void ReviewPanel::refreshSpans(int side)
{
    Side &sd = *m_sides[side];
    sd.spans = m_store.outputSpans(outputIdOfSide(side), m_reviewerId);
    sd.spanList->clear();
    QList<QTextEdit::ExtraSelection> selections;
    const QString text = sd.text->toPlainText();
    for (const Span &s : sd.spans) {
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(sd.text->document());
        sel.cursor.setPosition(s.start);
        sel.cursor.setPosition(std::min<int>(s.end, int(text.size())), QTextCursor::KeepAnchor);
        sel.format.setBackground(s.severity == QLatin1String("major") ? QColor(0xf4, 0xa6, 0xa6)
                                                                      : QColor(0xfd, 0xe6, 0xa0));
        sel.format.setForeground(QColor(0x1a, 0x1a, 0x1a)); // dark text on the light marks in any theme
        sel.format.setToolTip(s.type + u' ' + s.severity);
        selections << sel;
        QString quoted = text.mid(s.start, s.end - s.start).simplified();
        if (quoted.size() > 48)
            quoted = quoted.left(45) + QStringLiteral("...");
        auto *item = new QListWidgetItem(tr("\"%1\": %2, %3").arg(quoted, s.type, s.severity), sd.spanList);
        item->setData(Qt::UserRole, s.id);
    }
    sd.text->setExtraSelections(selections);
}

void ReviewPanel::refreshStatus()
{
    if (!isActive() || !currentItemId()) {
        m_title->setText(isActive() ? tr("This session has no items") : tr("No session started"));
        return;
    }
    const ItemStatus st = m_store.status(currentItemId(), m_reviewerId);
    const ReviewProgress p = m_store.progress(m_sessionId, m_reviewerId);
    m_title->setText(tr("Item %1 of %2").arg(m_index + 1).arg(itemCount()));
    QStringList flags;
    flags << tr("Reviewer %1").arg(m_reviewerName);
    flags << (m_session.blind ? tr("blind") : tr("open"));
    if (st.submitted)
        flags << tr("submitted");
    if (st.skipped)
        flags << tr("skipped");
    if (st.flagged)
        flags << tr("flagged");
    m_statusLabel->setText(flags.join(QStringLiteral(" · ")));
    m_flagButton->setChecked(st.flagged);
    m_progress->setMaximum(std::max(1, p.total));
    m_progress->setValue(p.submitted);
    const bool shown = !m_session.blind || st.submitted;
    for (int side = 0; side < 2; ++side) {
        const QString letter = side == 0 ? QStringLiteral("A") : QStringLiteral("B");
        const qint64 outputId = outputIdOfSide(side);
        QString name;
        for (const ReviewOutput &o : m_item.outputs)
            if (o.id == outputId)
                name = o.systemName;
        m_sides[side]->header->setText(shown && !name.isEmpty() ? tr("Output %1: %2").arg(letter, name)
                                                                : tr("Output %1").arg(letter));
    }
    Q_EMIT progressChanged(p.submitted, p.total);
}

bool ReviewPanel::findInSource(const QString &text)
{
    if (text.isEmpty())
        return false;
    if (m_source->find(text))
        return true;
    QTextCursor c = m_source->textCursor();
    c.movePosition(QTextCursor::Start);
    m_source->setTextCursor(c);
    return m_source->find(text);
}

bool ReviewPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (enter && (mods & Qt::ControlModifier)) {
        submit();
        return true;
    }
    if (key->key() == Qt::Key_F && mods == Qt::ControlModifier) {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
        return true;
    }
    // Typing in a text field is typing, except for the keys that leave it.
    if (auto *edit = qobject_cast<QLineEdit *>(watched)) {
        if (edit == m_search) {
            if (key->key() == Qt::Key_Escape) {
                setFocus(Qt::OtherFocusReason);
                return true;
            }
            return false;
        }
        if (key->key() == Qt::Key_Escape || enter || key->key() == Qt::Key_Up || key->key() == Qt::Key_Down) {
            for (int r = 0; r < criterionCount(); ++r)
                if (m_rows[size_t(r)]->text == edit && edit->text() != m_rows[size_t(r)]->value)
                    choose(r, edit->text());
            setFocus(Qt::OtherFocusReason);
            const int target = key->key() == Qt::Key_Escape ? m_focused
                : key->key() == Qt::Key_Up                  ? m_focused - 1
                                                            : m_focused + 1;
            // Leaving the last (or first) row keeps the keys on the panel.
            if (target >= 0 && target < criterionCount() && target != m_focused)
                focusCriterion(target);
            return true;
        }
        return false;
    }
    if (auto *list = qobject_cast<QListWidget *>(watched); list && key->key() == Qt::Key_Delete) {
        for (int side = 0; side < 2; ++side) {
            if (m_sides[side]->spanList == list && list->currentItem()) {
                m_store.removeSpan(list->currentItem()->data(Qt::UserRole).toLongLong());
                refreshSpans(side);
                Q_EMIT saved(QStringLiteral("span"));
                return true;
            }
        }
    }
    if (!isActive() || (mods & ~Qt::ShiftModifier) != Qt::NoModifier)
        return QWidget::eventFilter(watched, event);
    const int k = key->key();
    if (k >= Qt::Key_1 && k <= Qt::Key_9) {
        scoreFocused(k - Qt::Key_0);
        return true;
    }
    switch (k) {
    case Qt::Key_0:
    case Qt::Key_Backspace:
        if (!m_rows.empty() && !m_rows[size_t(m_focused)]->text)
            choose(m_focused, QString());
        return true;
    case Qt::Key_Up:
        focusCriterion(m_focused - 1);
        return true;
    case Qt::Key_Down:
        focusCriterion(m_focused + 1);
        return true;
    case Qt::Key_N:
        next();
        return true;
    case Qt::Key_P:
        previous();
        return true;
    case Qt::Key_S:
        skip();
        return true;
    case Qt::Key_F:
        toggleFlag();
        return true;
    case Qt::Key_H:
        markSelectedSpan();
        return true;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace medtune::ui
