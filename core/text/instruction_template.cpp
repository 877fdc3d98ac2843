#include "text/instruction_template.h"

#include "util/error.h"
#include "workspace/workspace.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace medtune {

void InstructionTemplate::validate() const
{
    if (name.trimmed().isEmpty())
        throw UsageError(QStringLiteral("A template needs a name"));
    if (!prompt.contains(QStringLiteral("{user}")))
        throw UsageError(QStringLiteral("Template '%1' has no {user} placeholder").arg(name),
                         QStringLiteral("the prompt must say where the question or document goes"));
}

QJsonObject InstructionTemplate::toJson() const
{
    return { { QStringLiteral("name"), name },
             { QStringLiteral("system"), system },
             { QStringLiteral("prompt"), prompt },
             { QStringLiteral("answer_separator"), answerSeparator },
             { QStringLiteral("context_label"), contextLabel },
             { QStringLiteral("question_label"), questionLabel },
             { QStringLiteral("document_label"), documentLabel } };
}

InstructionTemplate InstructionTemplate::fromJson(const QJsonObject &o)
{
    InstructionTemplate t;
    t.name = o.value(QStringLiteral("name")).toString();
    t.system = o.value(QStringLiteral("system")).toString(t.system);
    t.prompt = o.value(QStringLiteral("prompt")).toString();
    t.answerSeparator = o.value(QStringLiteral("answer_separator")).toString();
    t.contextLabel = o.value(QStringLiteral("context_label")).toString(t.contextLabel);
    t.questionLabel = o.value(QStringLiteral("question_label")).toString(t.questionLabel);
    t.documentLabel = o.value(QStringLiteral("document_label")).toString(t.documentLabel);
    return t;
}

InstructionTemplate InstructionTemplate::plain()
{
    InstructionTemplate t;
    t.name = QStringLiteral("default");
    t.prompt = QStringLiteral("System: {system}\nTask: {task}\nUser: {user}\nAssistant:");
    t.answerSeparator = QStringLiteral(" ");
    t.builtin = true;
    return t;
}

InstructionTemplate InstructionTemplate::tinyLlamaChat()
{
    InstructionTemplate t;
    t.name = QStringLiteral("tinyllama-chat");
    t.prompt = QStringLiteral("<|system|>\n{system}</s>\n<|user|>\n{user}</s>\n<|assistant|>\n");
    t.builtin = true;
    return t;
}

QList<InstructionTemplate> builtinTemplates()
{
    return { InstructionTemplate::plain(), InstructionTemplate::tinyLlamaChat() };
}

TemplateStore::TemplateStore(Workspace &workspace)
    : m_workspace(workspace)
{
}

QList<InstructionTemplate> TemplateStore::list() const
{
    QList<InstructionTemplate> out = builtinTemplates();
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT definition_json FROM instruction_templates ORDER BY name")))
        throw Error(QStringLiteral("Cannot read templates: %1").arg(q.lastError().text()));
    while (q.next()) {
        InstructionTemplate t
            = InstructionTemplate::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
        auto it = std::find_if(out.begin(), out.end(), [&](const InstructionTemplate &b) { return b.name == t.name; });
        if (it != out.end())
            *it = t;
        else
            out << t;
    }
    return out;
}

std::optional<InstructionTemplate> TemplateStore::find(const QString &name) const
{
    for (const InstructionTemplate &t : list())
        if (t.name == name)
            return t;
    return std::nullopt;
}

InstructionTemplate TemplateStore::resolve(const QString &name) const
{
    QStringList names;
    for (const InstructionTemplate &t : list()) {
        if (t.name == name)
            return t;
        names << t.name;
    }
    throw UsageError(QStringLiteral("No template '%1'").arg(name),
                     QStringLiteral("known templates: ") + names.join(QStringLiteral(", ")));
}

void TemplateStore::save(const InstructionTemplate &t)
{
    t.validate();
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO instruction_templates (name, definition_json) VALUES (?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET definition_json = excluded.definition_json,"
                             " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')"));
    q.addBindValue(t.name);
    q.addBindValue(QString::fromUtf8(QJsonDocument(t.toJson()).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        throw Error(QStringLiteral("Cannot save template %1: %2").arg(t.name, q.lastError().text()));
}

void TemplateStore::remove(const QString &name)
{
    QSqlDatabase db = m_workspace.database();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM instruction_templates WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        throw Error(QStringLiteral("Cannot remove template %1: %2").arg(name, q.lastError().text()));
}

} // namespace medtune
