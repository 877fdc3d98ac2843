// QCustomPlot's header uses Qt's plain keywords (signals, foreach), which this project
// turns off (QT_NO_KEYWORDS, because "slots" collides with libtorch). Include it through
// here: the keywords exist only while it is read.
#pragma once

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
