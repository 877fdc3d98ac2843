// Renders the application icon (SVG) to the hicolor PNG sizes desktops use; run through
// the 'medtune_icons' target to regenerate packaging/icons after the SVG changes.
// Usage: medtune_render_icons <icon.svg> <output dir> <name> <size>...
#include <QCoreApplication>
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 5) {
        std::fprintf(stderr, "usage: medtune_render_icons <icon.svg> <output dir> <name> <size>...\n");
        return 2;
    }
    QSvgRenderer svg(args[1]);
    if (!svg.isValid()) {
        std::fprintf(stderr, "medtune_render_icons: cannot read %s\n", qPrintable(args[1]));
        return 1;
    }
    for (const QString &s : args.mid(4)) {
        const int size = s.toInt();
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(args[2]).arg(size);
        QDir().mkpath(dir);
        const QString path = dir + u'/' + args[3] + QStringLiteral(".png");
        if (!image.convertToFormat(QImage::Format_ARGB32).save(path, "PNG", 9)) {
            std::fprintf(stderr, "medtune_render_icons: cannot write %s\n", qPrintable(path));
            return 1;
        }
        std::printf("%s\n", qPrintable(path));
    }
    return 0;
}
