#include "cli/hub_cli.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <unistd.h>

namespace medtune::cli {

HubPullResult pullWithProgress(CommandLine &cl, const QString &repoId, const HubPullOptions &options)
{
    HubClient client;
    QTextStream &err = cl.err();
    bool announced = false;
    int lastLength = 0;
    const bool interactive = ::isatty(STDERR_FILENO) == 1;
    int lastFile = 0;
    QElapsedTimer sinceLine;
    sinceLine.start();
    client.setProgressHandler([&](const HubProgress &p) {
        if (!announced) {
            announced = true;
            err << repoId << " (" << options.revision << "): " << p.fileCount << " files, " << formatByteSize(p.total)
                << '\n';
            err.flush();
            if (p.file.isEmpty())
                return;
        }
        const QString line
            = QStringLiteral("[%1/%2] %3  %4").arg(p.fileIndex).arg(p.fileCount).arg(p.file, formatHubProgress(p));
        if (interactive) {
            // One line, rewritten in place; padded so a shorter line covers a longer one.
            err << '\r' << line << QString(std::max(0, lastLength - int(line.size())), u' ');
            lastLength = int(line.size());
        } else if (p.fileIndex != lastFile || sinceLine.elapsed() > 5000) {
            // A log rather than a terminal: a line per file and every 5 s.
            err << line << '\n';
            lastFile = p.fileIndex;
            sinceLine.restart();
        }
        err.flush();
    });
    QElapsedTimer clock;
    clock.start();
    const HubPullResult r = client.pull(repoId, options);
    const double secs = double(clock.nsecsElapsed()) / 1e9;
    if (lastLength > 0)
        err << '\n';
    if (r.fromCacheOnly)
        err << "offline (HF_HUB_OFFLINE): using the cached snapshot\n";
    else
        err << "done: " << formatByteSize(r.totalBytes) << " in " << r.files.size() << " files, "
            << formatByteSize(r.downloadedBytes) << " downloaded in " << QString::number(secs, 'f', 1) << " s ("
            << formatByteSize(qint64(double(r.downloadedBytes) / std::max(secs, 1e-3))) << "/s)\n";
    err.flush();
    return r;
}

void addDownloadOption(CommandLine &cl)
{
    cl.parser().addOption({ QStringLiteral("download"),
                            QStringLiteral("Download Hugging Face repo ids given as --model/--adapter that are not "
                                           "in the cache yet (as 'medtune-cli pull' does).") });
}

void downloadIfRequested(CommandLine &cl, const QString &value, bool adapter)
{
    if (!cl.isSet(QStringLiteral("download")) || value.isEmpty() || QFileInfo::exists(value)
        || !HubCache::looksLikeRepoId(value))
        return;
    const int at = value.indexOf(u'@');
    const QString repoId = at < 0 ? value : value.left(at);
    HubPullOptions options;
    if (at >= 0)
        options.revision = value.mid(at + 1);
    options.adapter = adapter;
    const HubSettings settings = HubSettings::fromEnvironment();
    if (!HubCache(settings.cacheDir).findSnapshot(repoId, at < 0 ? QString() : options.revision).isEmpty())
        return;
    pullWithProgress(cl, repoId, options);
}

} // namespace medtune::cli
