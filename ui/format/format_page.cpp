#include "format/format_page.h"

#include "data/dataset_file.h"
#include "empty_state.h"
#include "format/token_strip.h"
#include "text/tokenizer.h"
#include "util/error.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace medtune::ui {
namespace {

QWidget *legendItem(const QColor &colour, const QString &text, QWidget *parent)
{
    auto *w = new QWidget(parent);
    auto *l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 12, 0);
    auto *swatch = new QLabel(w);
    QPixmap pm(14, 14);
    pm.fill(colour);
    swatch->setPixmap(pm);
    l->addWidget(swatch);
    l->addWidget(new QLabel(text, w));
    return w;
}

QPlainTextEdit *readOnlyView(const QString &name, QWidget *parent)
{
    auto *v = new QPlainTextEdit(parent);
    v->setObjectName(name);
    v->setReadOnly(true);
    v->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    v->setTabChangesFocus(true);
    return v;
}

QWidget *titled(const QString &title, QWidget *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *l = new QVBoxLayout(box);
    l->setContentsMargins(4, 4, 4, 4);
    l->addWidget(content);
    return box;
}

} // namespace

FormatPage::FormatPage(Workspace &workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_store(workspace)
    , m_datasetCombo(new QComboBox(this))
    , m_recordSpin(new QSpinBox(this))
    , m_recordInfo(new QLabel(this))
    , m_templateCombo(new QComboBox(this))
    , m_maxLength(new QSpinBox(this))
    , m_cutCombo(new QComboBox(this))
    , m_tokenizerEdit(new QLineEdit(this))
    , m_stack(new QStackedWidget(this))
    , m_problem(new QLabel(this))
    , m_promptView(readOnlyView(QStringLiteral("renderedPrompt"), this))
    , m_targetView(readOnlyView(QStringLiteral("renderedTarget"), this))
    , m_counts(new QLabel(this))
    , m_strip(new TokenStrip(this))
    , m_tokenInfo(new QLabel(this))
    , m_nameEdit(new QLineEdit(this))
    , m_systemEdit(new QLineEdit(this))
    , m_promptEdit(new QPlainTextEdit(this))
    , m_separatorEdit(new QLineEdit(this))
    , m_contextLabelEdit(new QLineEdit(this))
    , m_questionLabelEdit(new QLineEdit(this))
    , m_documentLabelEdit(new QLineEdit(this))
    , m_validation(new QLabel(this))
    , m_saveButton(new QPushButton(tr("&Save template"), this))
{
    // Choices.
    m_datasetCombo->setObjectName(QStringLiteral("formatDataset"));
    m_datasetCombo->setToolTip(tr("The dataset to take a record from"));
    m_datasetCombo->setMinimumContentsLength(18);
    m_recordSpin->setObjectName(QStringLiteral("formatRecord"));
    m_recordSpin->setToolTip(tr("The record number (Page Up/Down steps by ten)"));
    m_recordSpin->setMinimum(1);
    m_recordInfo->setMinimumWidth(120);
    m_templateCombo->setObjectName(QStringLiteral("formatTemplate"));
    m_templateCombo->setToolTip(tr("The instruction template; edit it on the right"));
    m_maxLength->setObjectName(QStringLiteral("formatMaxLength"));
    m_maxLength->setRange(16, 32768);
    m_maxLength->setValue(1024);
    m_maxLength->setSuffix(tr(" tokens"));
    m_maxLength->setToolTip(tr("Maximum sequence length (BOS + prompt + answer + EOS)"));
    m_cutCombo->addItem(tr("Cut the end"), int(LengthPolicy::Cut::Tail));
    m_cutCombo->addItem(tr("Cut the beginning"), int(LengthPolicy::Cut::Head));
    m_cutCombo->addItem(tr("Cut the middle"), int(LengthPolicy::Cut::Middle));
    m_cutCombo->setToolTip(tr("Which part of an over-long document or context is removed"));
    m_tokenizerEdit->setObjectName(QStringLiteral("formatTokenizer"));
    m_tokenizerEdit->setPlaceholderText(tr("tokenizer.model of a model folder, or any .model file"));
    m_tokenizerEdit->setToolTip(tr("The SentencePiece tokenizer: the demo model's by default"));
    auto *browse = new QPushButton(tr("Browse..."), this);
    browse->setToolTip(tr("Choose a model folder's tokenizer.model or another .model file"));
    connect(browse, &QPushButton::clicked, this, &FormatPage::browseTokenizer);

    auto *choices = new QGridLayout;
    choices->addWidget(new QLabel(tr("&Dataset:"), this), 0, 0);
    choices->addWidget(m_datasetCombo, 0, 1);
    choices->addWidget(new QLabel(tr("&Record:"), this), 0, 2);
    choices->addWidget(m_recordSpin, 0, 3);
    choices->addWidget(m_recordInfo, 0, 4, 1, 3);
    choices->addWidget(new QLabel(tr("&Template:"), this), 1, 0);
    choices->addWidget(m_templateCombo, 1, 1);
    choices->addWidget(new QLabel(tr("&Max length:"), this), 1, 2);
    choices->addWidget(m_maxLength, 1, 3);
    choices->addWidget(m_cutCombo, 1, 4);
    auto *tokenizerLabel = new QLabel(tr("To&kenizer:"), this);
    tokenizerLabel->setBuddy(m_tokenizerEdit);
    choices->addWidget(tokenizerLabel, 2, 0);
    auto *tokRow = new QHBoxLayout;
    tokRow->addWidget(m_tokenizerEdit, 1);
    tokRow->addWidget(browse);
    choices->addLayout(tokRow, 2, 1, 1, 6);
    choices->setColumnStretch(6, 1);
    for (QLabel *l : findChildren<QLabel *>()) {
        const int i = choices->indexOf(l);
        if (i < 0)
            continue;
        int row, col, rs, cs;
        choices->getItemPosition(i, &row, &col, &rs, &cs);
        if (QLayoutItem *buddy = choices->itemAtPosition(row, col + 1); buddy && buddy->widget())
            l->setBuddy(buddy->widget());
    }

    // Preview: prompt and target, counts, legend, token strip.
    m_counts->setObjectName(QStringLiteral("tokenCounts"));
    m_counts->setWordWrap(true);
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_strip->setObjectName(QStringLiteral("tokenStrip"));
    auto *stripScroll = new QScrollArea(this);
    stripScroll->setWidget(m_strip);
    stripScroll->setWidgetResizable(true);
    stripScroll->setFrameShape(QFrame::StyledPanel);
    stripScroll->setBackgroundRole(QPalette::Base);
    m_tokenInfo->setObjectName(QStringLiteral("tokenInfo"));
    m_tokenInfo->setText(tr("Hover a token for its id and label; click the strip and use the arrow keys to walk it."));
    m_tokenInfo->setForegroundRole(QPalette::PlaceholderText);
    connect(m_strip, &TokenStrip::currentTokenChanged, this, [this](int i) {
        QString tip = m_strip->tokenToolTip(i);
        tip.replace(QStringLiteral("<br>"), QStringLiteral(" \u00b7 "));
        m_tokenInfo->setText(tip);
    });
    auto *legend = new QHBoxLayout;
    legend->addWidget(new QLabel(tr("<b>Tokens</b>"), this));
    legend->addWidget(legendItem(TokenStrip::trainedColor(), tr("trained (loss computed)"), this));
    legend->addWidget(legendItem(TokenStrip::maskedColor(), tr("masked (label -100: BOS and prompt)"), this));
    legend->addStretch();

    auto *texts = new QSplitter(Qt::Horizontal, this);
    texts->addWidget(titled(tr("Prompt (what the model reads)"), m_promptView, this));
    texts->addWidget(titled(tr("Target (what it learns to answer)"), m_targetView, this));
    texts->setStretchFactor(0, 3);
    texts->setStretchFactor(1, 2);
    auto *stripPane = new QWidget(this);
    auto *stripLayout = new QVBoxLayout(stripPane);
    stripLayout->setContentsMargins(0, 0, 0, 0);
    stripLayout->addWidget(m_counts);
    stripLayout->addLayout(legend);
    stripLayout->addWidget(stripScroll, 1);
    stripLayout->addWidget(m_tokenInfo);
    auto *preview = new QSplitter(Qt::Vertical, this);
    preview->addWidget(texts);
    preview->addWidget(stripPane);
    preview->setStretchFactor(0, 2);
    preview->setStretchFactor(1, 3);

    m_problem->setObjectName(QStringLiteral("formatProblem"));
    m_problem->setWordWrap(true);
    m_problem->setAlignment(Qt::AlignCenter);
    auto *problemPage = new QWidget(this);
    auto *problemLayout = new QVBoxLayout(problemPage);
    problemLayout->addStretch();
    problemLayout->addWidget(m_problem);
    problemLayout->addStretch();
    m_stack->addWidget(problemPage);
    m_stack->addWidget(preview);

    // Template editor.
    m_nameEdit->setObjectName(QStringLiteral("templateName"));
    m_promptEdit->setObjectName(QStringLiteral("templatePrompt"));
    m_promptEdit->setTabChangesFocus(true);
    m_promptEdit->setToolTip(tr("The prompt up to where the answer starts. Placeholders: {system}, {task}, {user}; "
                                "<s> and </s> become the BOS/EOS control tokens."));
    m_systemEdit->setToolTip(tr("The system message that {system} stands for"));
    m_separatorEdit->setToolTip(tr("Shown between the prompt and the answer in display text"));
    m_validation->setObjectName(QStringLiteral("templateValidation"));
    m_validation->setWordWrap(true);
    m_saveButton->setToolTip(tr("Save the template to this workspace (Ctrl+S)"));
    m_saveButton->setShortcut(QKeySequence::Save);
    connect(m_saveButton, &QPushButton::clicked, this, &FormatPage::saveTemplate);
    for (QLineEdit *e :
         { m_nameEdit, m_systemEdit, m_separatorEdit, m_contextLabelEdit, m_questionLabelEdit, m_documentLabelEdit })
        connect(e, &QLineEdit::textChanged, this, &FormatPage::editorChanged);
    connect(m_promptEdit, &QPlainTextEdit::textChanged, this, &FormatPage::editorChanged);
    auto *editor = new QGroupBox(tr("Template editor"), this);
    auto *editorForm = new QFormLayout(editor);
    editorForm->addRow(tr("&Name:"), m_nameEdit);
    editorForm->addRow(tr("S&ystem:"), m_systemEdit);
    editorForm->addRow(tr("&Prompt:"), m_promptEdit);
    editorForm->addRow(tr("Answer &separator:"), m_separatorEdit);
    editorForm->addRow(tr("Context label:"), m_contextLabelEdit);
    editorForm->addRow(tr("Question label:"), m_questionLabelEdit);
    editorForm->addRow(tr("Document label:"), m_documentLabelEdit);
    editorForm->addRow(m_validation);
    editorForm->addRow(m_saveButton);
    editor->setMinimumWidth(300);

    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(m_stack);
    main->addWidget(editor);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 1);
    main->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(choices);
    layout->addWidget(main, 1);

    const QString demo = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("demo/tokenizer.model"));
    if (QFileInfo::exists(demo))
        m_tokenizerEdit->setText(demo);

    connect(m_datasetCombo, &QComboBox::currentIndexChanged, this, &FormatPage::datasetChosen);
    connect(m_recordSpin, &QSpinBox::valueChanged, this, &FormatPage::render);
    connect(m_templateCombo, &QComboBox::currentIndexChanged, this, &FormatPage::templateChosen);
    connect(m_maxLength, &QSpinBox::valueChanged, this, &FormatPage::render);
    connect(m_cutCombo, &QComboBox::currentIndexChanged, this, &FormatPage::render);
    connect(m_tokenizerEdit, &QLineEdit::editingFinished, this, &FormatPage::render);

    fillTemplates(InstructionTemplate::plain().name);
    refreshDatasets();
}

FormatPage::~FormatPage() = default;

void FormatPage::fillTemplates(const QString &select)
{
    {
        const QSignalBlocker block(m_templateCombo);
        m_templateCombo->clear();
        try {
            for (const InstructionTemplate &t : TemplateStore(m_workspace).list())
                m_templateCombo->addItem(t.builtin ? tr("%1 (built-in)").arg(t.name) : t.name, t.name);
        } catch (const Error &) {
            for (const InstructionTemplate &t : builtinTemplates())
                m_templateCombo->addItem(t.name, t.name);
        }
        m_templateCombo->setCurrentIndex(std::max(0, m_templateCombo->findData(select)));
    }
    templateChosen();
}

void FormatPage::refreshDatasets()
{
    const std::optional<qint64> current = currentDatasetId();
    try {
        m_datasets = m_store.list();
    } catch (const Error &) {
        m_datasets.clear();
    }
    {
        const QSignalBlocker block(m_datasetCombo);
        m_datasetCombo->clear();
        for (const DatasetInfo &d : m_datasets)
            m_datasetCombo->addItem(tr("%1 (%2)").arg(d.name).arg(d.exampleCount), d.id);
        if (current)
            m_datasetCombo->setCurrentIndex(std::max(0, m_datasetCombo->findData(*current)));
    }
    datasetChosen();
}

std::optional<qint64> FormatPage::currentDatasetId() const
{
    if (m_datasetCombo->currentIndex() < 0)
        return std::nullopt;
    return m_datasetCombo->currentData().toLongLong();
}

qint64 FormatPage::currentRecordIndex() const
{
    return m_recordSpin->value() - 1;
}

void FormatPage::datasetChosen()
{
    m_file.reset();
    const int i = m_datasetCombo->currentIndex();
    if (i >= 0 && i < m_datasets.size()) {
        try {
            m_file = DatasetFile::open(m_datasets[i].storageDir);
        } catch (const Error &e) {
            showProblem(tr("This dataset cannot be read: %1").arg(e.fullMessage()));
            return;
        }
    }
    {
        const QSignalBlocker block(m_recordSpin);
        m_recordSpin->setMaximum(m_file ? std::max<qint64>(1, m_file->size()) : 1);
        m_recordSpin->setValue(1);
        m_recordSpin->setSuffix(m_file ? tr(" of %1").arg(m_file->size()) : QString());
    }
    render();
}

void FormatPage::showRecord(qint64 datasetId, qint64 recordIndex)
{
    const int i = m_datasetCombo->findData(datasetId);
    if (i < 0)
        refreshDatasets();
    m_datasetCombo->setCurrentIndex(std::max(0, m_datasetCombo->findData(datasetId)));
    m_recordSpin->setValue(int(recordIndex + 1));
    render();
}

void FormatPage::refreshTokenizer()
{
    const QString demo = QDir(m_workspace.modelsDir()).filePath(QStringLiteral("demo/tokenizer.model"));
    if (m_tokenizerEdit->text().trimmed().isEmpty() && QFileInfo::exists(demo))
        setTokenizerPath(demo);
}

void FormatPage::setTokenizerPath(const QString &path)
{
    m_tokenizerEdit->setText(path);
    render();
}

QString FormatPage::tokenizerPath() const
{
    return m_tokenizerEdit->text().trimmed();
}

void FormatPage::browseTokenizer()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a tokenizer"), m_workspace.modelsDir(),
                                                      tr("SentencePiece models (*.model);;All files (*)"));
    if (!path.isEmpty())
        setTokenizerPath(path);
}

std::shared_ptr<const Tokenizer> FormatPage::tokenizer()
{
    QString path = tokenizerPath();
    // A model folder stands for its tokenizer.model.
    if (QFileInfo(path).isDir())
        path = QDir(path).filePath(QStringLiteral("tokenizer.model"));
    if (path == m_loadedTokenizerPath)
        return m_tokenizer;
    m_loadedTokenizerPath = path;
    m_tokenizer.reset();
    m_tokenizerError.clear();
    if (path.isEmpty())
        return nullptr;
    try {
        m_tokenizer = Tokenizer::load(path);
    } catch (const Error &e) {
        m_tokenizerError = e.fullMessage();
    }
    return m_tokenizer;
}

void FormatPage::selectTemplate(const QString &name)
{
    m_templateCombo->setCurrentIndex(std::max(0, m_templateCombo->findData(name)));
}

void FormatPage::setMaxLength(int tokens)
{
    m_maxLength->setValue(tokens);
}

void FormatPage::setCut(LengthPolicy::Cut cut)
{
    m_cutCombo->setCurrentIndex(std::max(0, m_cutCombo->findData(int(cut))));
}

void FormatPage::templateChosen()
{
    InstructionTemplate t = InstructionTemplate::plain();
    try {
        if (auto found = TemplateStore(m_workspace).find(m_templateCombo->currentData().toString()))
            t = *found;
    } catch (const Error &) {
    }
    m_loadingTemplate = true;
    m_nameEdit->setText(t.name);
    m_systemEdit->setText(t.system);
    m_promptEdit->setPlainText(t.prompt);
    m_separatorEdit->setText(t.answerSeparator);
    m_contextLabelEdit->setText(t.contextLabel);
    m_questionLabelEdit->setText(t.questionLabel);
    m_documentLabelEdit->setText(t.documentLabel);
    for (QLineEdit *e :
         { m_nameEdit, m_systemEdit, m_separatorEdit, m_contextLabelEdit, m_questionLabelEdit, m_documentLabelEdit })
        e->setCursorPosition(0);
    m_loadingTemplate = false;
    editorChanged();
}

InstructionTemplate FormatPage::editedTemplate() const
{
    InstructionTemplate t;
    t.name = m_nameEdit->text().trimmed();
    t.system = m_systemEdit->text();
    t.prompt = m_promptEdit->toPlainText();
    t.answerSeparator = m_separatorEdit->text();
    t.contextLabel = m_contextLabelEdit->text();
    t.questionLabel = m_questionLabelEdit->text();
    t.documentLabel = m_documentLabelEdit->text();
    return t;
}

QString FormatPage::validationMessage() const
{
    try {
        editedTemplate().validate();
    } catch (const Error &e) {
        return e.fullMessage();
    }
    return {};
}

void FormatPage::setTemplatePrompt(const QString &prompt)
{
    m_promptEdit->setPlainText(prompt);
}

void FormatPage::setTemplateName(const QString &name)
{
    m_nameEdit->setText(name);
}

void FormatPage::editorChanged()
{
    if (m_loadingTemplate)
        return;
    const QString problem = validationMessage();
    if (problem.isEmpty()) {
        m_validation->setText(tr("\u2713 Valid template"));
        m_validation->setStyleSheet(QStringLiteral("color: #2e9d5b;"));
    } else {
        m_validation->setText(problem);
        m_validation->setStyleSheet(QStringLiteral("color: #c0392b;"));
    }
    m_saveButton->setEnabled(problem.isEmpty());
    render();
}

bool FormatPage::saveTemplate()
{
    const QString problem = validationMessage();
    if (!problem.isEmpty()) {
        m_validation->setText(problem);
        return false;
    }
    InstructionTemplate t = editedTemplate();
    t.builtin = false;
    try {
        TemplateStore(m_workspace).save(t);
    } catch (const Error &e) {
        m_validation->setText(tr("Cannot save: %1").arg(e.fullMessage()));
        m_validation->setStyleSheet(QStringLiteral("color: #c0392b;"));
        return false;
    }
    fillTemplates(t.name);
    m_validation->setText(tr("\u2713 Saved \"%1\" to this workspace").arg(t.name));
    return true;
}

void FormatPage::showProblem(const QString &text)
{
    m_formatted.reset();
    m_example.reset();
    m_strip->setTokens({});
    m_problem->setText(text);
    m_stack->setCurrentIndex(0);
}

QString FormatPage::problemText() const
{
    return m_stack->currentIndex() == 0 ? m_problem->text() : QString();
}

void FormatPage::render()
{
    if (m_datasets.isEmpty()) {
        showProblem(tr("<h3>No datasets yet</h3>Import a dataset in the Datasets section (Ctrl+1), then choose one "
                       "of its records here to see its prompt and exactly which tokens are trained."));
        return;
    }
    if (!m_file) {
        showProblem(tr("Choose a dataset above."));
        return;
    }
    if (m_file->size() == 0) {
        showProblem(tr("This dataset has no records."));
        return;
    }
    const auto tok = tokenizer();
    if (!tok) {
        showProblem(m_tokenizerError.isEmpty()
                        ? tr("<h3>Choose a tokenizer</h3>Pick a model folder's tokenizer.model (or any SentencePiece "
                             ".model file) above. The demo model's is used when the workspace has one.")
                        : tr("<h3>The tokenizer cannot be loaded</h3>%1").arg(m_tokenizerError.toHtmlEscaped()));
        return;
    }
    const qint64 index = currentRecordIndex();
    try {
        m_example = m_file->at(index);
    } catch (const Error &e) {
        showProblem(tr("Record %1 cannot be read: %2").arg(index + 1).arg(e.fullMessage()));
        return;
    }
    m_recordInfo->setText(tr("%1 \u00b7 %2 \u00b7 %3").arg(m_example->id, m_example->split, taskName(m_example->task)));

    // The edited template when it is valid, else the chosen one as stored.
    InstructionTemplate templ = editedTemplate();
    if (!validationMessage().isEmpty()) {
        try {
            templ = TemplateStore(m_workspace).resolve(m_templateCombo->currentData().toString());
        } catch (const Error &) {
            templ = InstructionTemplate::plain();
        }
    }
    LengthPolicy policy;
    policy.maxTokens = m_maxLength->value();
    policy.cut = LengthPolicy::Cut(m_cutCombo->currentData().toInt());
    const PromptFormatter formatter(templ, tok, policy);
    m_formatted = formatter.format(*m_example);
    const FormattedExample &f = *m_formatted;

    std::vector<int> ids = f.ids, labels = f.labels;
    QString prompt = f.promptText;
    if (f.skip != FormatSkip::None) {
        // Not trained at all: show the uncut prompt's tokens, every one masked.
        if (prompt.isEmpty())
            prompt = formatter.promptText(*m_example);
        ids = formatter.promptIds(prompt);
        labels.assign(ids.size(), kIgnoreLabel);
    }
    std::vector<TokenStrip::Token> tokens;
    tokens.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        TokenStrip::Token t;
        t.id = ids[i];
        t.piece = tok->piece(ids[i]);
        t.label = labels[i];
        t.control = tok->pieceKind(ids[i]) == PieceKind::Control;
        tokens.push_back(std::move(t));
    }
    m_strip->setTokens(std::move(tokens));
    m_promptView->setPlainText(prompt);
    m_targetView->setPlainText(f.targetText.isEmpty() ? tr("(no reference answer)") : f.targetText);

    if (f.skip != FormatSkip::None) {
        m_counts->setText(tr("<b>Not trained:</b> %1. Prompt %2 tokens (BOS included); every token is masked.")
                              .arg(formatSkipText(f.skip, policy.maxTokens).toHtmlEscaped())
                              .arg(ids.size()));
    } else {
        const int answer = int(f.ids.size()) - f.promptLength;
        const QString cutPart = PromptFormatter::cuttable(*m_example).isEmpty()
            ? tr("nothing to cut")
            : (f.truncated() ? tr("<b>%n token(s) cut</b> from the %1 (%2)", nullptr, f.cutTokens)
                                   .arg(m_example->task == TaskKind::Summarization ? tr("document") : tr("context"),
                                        m_cutCombo->currentText().toLower())
                             : tr("no truncation"));
        m_counts->setText(tr("Prompt <b>%1</b> tokens (BOS included) \u00b7 answer <b>%2</b> (EOS included) \u00b7 "
                             "total <b>%3</b> of %4 \u00b7 %5")
                              .arg(f.promptLength)
                              .arg(answer)
                              .arg(f.ids.size())
                              .arg(policy.maxTokens)
                              .arg(cutPart));
    }
    m_stack->setCurrentIndex(1);
}

QString FormatPage::promptText() const
{
    return m_promptView->toPlainText();
}

QString FormatPage::targetText() const
{
    return m_targetView->toPlainText();
}

QString FormatPage::countsText() const
{
    return m_counts->text();
}

} // namespace medtune::ui
