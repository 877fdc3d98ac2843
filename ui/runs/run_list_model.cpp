#include "run_list_model.h"

#include <QColor>
#include <QLocale>

namespace medtune::ui {

RunListModel::RunListModel(RunStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    refresh();
}

void RunListModel::refresh()
{
    beginResetModel();
    m_runs = m_store.list();
    endResetModel();
}

int RunListModel::rowOf(qint64 runId) const
{
    for (int i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].id == runId)
            return i;
    return -1;
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RunListModel::statusText(const QString &status)
{
    if (status == QLatin1String("created"))
        return tr("Created");
    if (status == QLatin1String("running"))
        return tr("Running");
    if (status == QLatin1String("paused"))
        return tr("Paused");
    if (status == QLatin1String("stopped"))
        return tr("Stopped");
    if (status == QLatin1String("completed"))
        return tr("Completed");
    if (status == QLatin1String("failed"))
        return tr("Failed");
    if (status == QLatin1String("interrupted"))
        return tr("Interrupted");
    return status;
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const RunRecord &r = m_runs[index.row()];
    const auto metric = [&](const char *key) -> QVariant {
        const QJsonValue v = r.results.value(QLatin1String(key));
        return v.isDouble() ? QVariant(v.toDouble()) : QVariant();
    };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return r.name;
        case Status:
            return statusText(r.status);
        case Created:
            return QLocale().toString(r.createdAt.toLocalTime(), QLocale::ShortFormat);
        case Steps:
            return r.results.contains(QStringLiteral("steps"))
                ? QVariant(r.results.value(QStringLiteral("steps")).toInt())
                : QVariant();
        case ValidationLoss: {
            const QVariant v = metric("best_validation_loss");
            return v.isValid() ? QString::number(v.toDouble(), 'f', 4) : QVariant();
        }
        case TestLoss: {
            const QVariant v = metric("test_loss");
            return v.isValid() ? QString::number(v.toDouble(), 'f', 4) : QVariant();
        }
        case TestPerplexity: {
            const QVariant v = metric("test_perplexity");
            return v.isValid() ? QString::number(v.toDouble(), 'f', 2) : QVariant();
        }
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        if (!r.error.isEmpty())
            return r.error;
        return r.outputDir;
    } else if (role == Qt::ForegroundRole && index.column() == Status) {
        if (r.status == QLatin1String("failed") || r.status == QLatin1String("interrupted"))
            return QColor(200, 60, 40);
        if (r.status == QLatin1String("completed"))
            return QColor(40, 140, 70);
    } else if (role == Qt::TextAlignmentRole && index.column() >= Steps) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::UserRole) {
        return r.id;
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Run");
    case Status:
        return tr("Status");
    case Created:
        return tr("Created");
    case Steps:
        return tr("Steps");
    case ValidationLoss:
        return tr("Best val. loss");
    case TestLoss:
        return tr("Test loss");
    case TestPerplexity:
        return tr("Test perplexity");
    default:
        return {};
    }
}

} // namespace medtune::ui
