// Build-time tool: renders the application's SVG icon into the hicolor PNG sizes that
// desktops without SVG support (and AppStream catalogues) use.
// Usage: medtune-render-icons SVG OUTDIR NAME SIZE...  ->  OUTDIR/<S>x<S>/apps/NAME.png
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen"); // a build machine has no display
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream err(stderr);
    if (args.size() < 5) {
        err << "usage: medtune-render-icons SVG OUTDIR NAME SIZE...\n";
        return 2;
    }
    QSvgRenderer svg(args[1]);
    if (!svg.isValid()) {
        err << "cannot read the SVG " << args[1] << '\n';
        return 1;
    }
    for (int i = 4; i < args.size(); ++i) {
        const int size = args[i].toInt();
        if (size < 8 || size > 1024) {
            err << "bad icon size " << args[i] << '\n';
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(args[2]).arg(size);
        QDir().mkpath(dir);
        const QString file = QStringLiteral("%1/%2.png").arg(dir, args[3]);
        if (!image.save(file)) {
            err << "cannot write " << file << '\n';
            return 1;
        }
    }
    return 0;
}
