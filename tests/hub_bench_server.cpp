// The local Hub server of the tests, serving one generated LFS file of a chosen size, for
// measuring download throughput and memory with the real client:
//   build/bin/hub_bench_server --size 1000000000 &      (prints HF_ENDPOINT=...)
//   HF_ENDPOINT=... HF_HUB_CACHE=$(mktemp -d) /usr/bin/time -v build/bin/medtune-cli pull bench/large
// It serves until it receives SIGTERM or SIGINT.
#include "hub_test_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Serves bench/large (config.json + a generated model.safetensors)."));
    p.addHelpOption();
    p.addOption({ QStringLiteral("size"), QStringLiteral("Bytes of model.safetensors (default 1 GB)."),
                  QStringLiteral("BYTES"), QStringLiteral("1000000000") });
    p.addOption({ QStringLiteral("cdn"), QStringLiteral("Redirect the file to a second server (as the Hub does).") });
    p.process(app);

    medtune::test::HubTestServer hub, cdn;
    hub.start();
    if (p.isSet(QStringLiteral("cdn"))) {
        cdn.start();
        hub.setCdn(&cdn, cdn.url(QStringLiteral("localhost")));
    }
    const QString repo = QStringLiteral("bench/large");
    hub.addRepo(repo, QStringLiteral("0123456789abcdef0123456789abcdef01234567"));
    hub.addFile(repo, QStringLiteral("config.json"), "{\"model_type\": \"llama\"}\n", false);
    hub.addGeneratedFile(repo, QStringLiteral("model.safetensors"), p.value(QStringLiteral("size")).toLongLong());
    std::printf("HF_ENDPOINT=%s\n", qPrintable(hub.url()));
    std::fflush(stdout);

    // Quit on SIGTERM/SIGINT through the event loop.
    static int pipeFds[2];
    if (::pipe(pipeFds) != 0)
        return 1;
    auto onSignal = [](int) { [[maybe_unused]] auto n = ::write(pipeFds[1], "x", 1); };
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    QSocketNotifier notifier(pipeFds[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    return app.exec();
}
