#include "runs/run_adapter_label.h"

#include <QCoreApplication>

namespace medtune::ui {

QString runAdapterLabel(const RunAdapter &a)
{
    return a.kind == QLatin1String("final")
        ? QCoreApplication::translate("medtune::ui::RunAdapter", "%1 (run %2): final adapter, step %3")
              .arg(a.runName)
              .arg(a.runId)
              .arg(a.step)
        : QCoreApplication::translate("medtune::ui::RunAdapter", "%1 (run %2): best adapter, step %3")
              .arg(a.runName)
              .arg(a.runId)
              .arg(a.step);
}

} // namespace medtune::ui
