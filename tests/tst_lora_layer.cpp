// The LoRA layer's numerics: its output against W x + scale B A x computed separately,
// its initialisation, and its gradients against central finite differences in float64.
#include "train/lora_layer.h"

#include <QTest>

using namespace medtune;

class LoraLayerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    void initialisation()
    {
        LoraLayer lora(64, 48, 8, 16, 0.05);
        QCOMPARE(lora->A.sizes().vec(), (std::vector<int64_t> { 8, 64 }));
        QCOMPARE(lora->B.sizes().vec(), (std::vector<int64_t> { 48, 8 }));
        QCOMPARE(lora->A.scalar_type(), torch::kFloat32);
        QVERIFY(lora->B.abs().max().item<float>() == 0.0f);
        // Kaiming-uniform with a = sqrt(5): inside +-1/sqrt(in), and spread across it.
        const float bound = 1.0f / std::sqrt(64.0f);
        QVERIFY(lora->A.abs().max().item<float>() <= bound);
        QVERIFY(lora->A.abs().max().item<float>() > 0.9f * bound);
        QCOMPARE(lora->scale, 2.0);
        // Only A and B are parameters.
        QCOMPARE(lora->parameters().size(), size_t(2));
    }

    void forwardEqualsReference()
    {
        LoraLayer lora(32, 24, 4, 8, 0.0);
        lora->B.data().normal_();
        const torch::Tensor W = torch::randn({ 24, 32 });
        const torch::Tensor x = torch::randn({ 3, 5, 32 });
        const torch::Tensor y = torch::matmul(x, W.t()) + lora->delta(x);
        // Independent computation: element by element in double precision.
        const torch::Tensor x64 = x.to(torch::kFloat64), w64 = W.to(torch::kFloat64);
        const torch::Tensor a64 = lora->A.detach().to(torch::kFloat64), b64 = lora->B.detach().to(torch::kFloat64);
        const torch::Tensor yc = y.detach().contiguous();
        const auto xa = x64.accessor<double, 3>();
        const auto wa = w64.accessor<double, 2>();
        const auto aa = a64.accessor<double, 2>();
        const auto ba = b64.accessor<double, 2>();
        const auto ya = yc.accessor<float, 3>();
        double worst = 0;
        for (int b = 0; b < 3; ++b)
            for (int t = 0; t < 5; ++t)
                for (int o = 0; o < 24; ++o) {
                    double ref = 0;
                    for (int i = 0; i < 32; ++i)
                        ref += wa[o][i] * xa[b][t][i];
                    for (int k = 0; k < 4; ++k) {
                        double ax = 0;
                        for (int i = 0; i < 32; ++i)
                            ax += aa[k][i] * xa[b][t][i];
                        ref += 2.0 * ba[o][k] * ax;
                    }
                    worst = std::max(worst, std::abs(ref - ya[b][t][o]) / std::max(1.0, std::abs(ref)));
                }
        QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
        // The merged update gives the same output.
        const torch::Tensor merged = torch::matmul(x, (W + lora->mergedDelta()).t());
        QVERIFY(torch::allclose(merged, y, 1e-5, 1e-5));
    }

    void dropoutOnlyWhenTraining()
    {
        LoraLayer lora(16, 16, 4, 4, 0.5);
        lora->B.data().normal_();
        const torch::Tensor x = torch::randn({ 8, 16 });
        lora->eval();
        QVERIFY(torch::equal(lora->delta(x), lora->delta(x)));
        lora->train();
        QVERIFY(!torch::equal(lora->delta(x), lora->delta(x)));
    }

    void gradientsMatchFiniteDifferences()
    {
        // float64 copies of A and B through the same expression, loss = sum(tanh(y)).
        LoraLayer lora(6, 5, 3, 6, 0.0);
        lora->B.data().normal_();
        const torch::Tensor W = torch::randn({ 5, 6 }, torch::kFloat64);
        const torch::Tensor x = torch::randn({ 4, 6 }, torch::kFloat64);
        torch::Tensor A = lora->A.detach().to(torch::kFloat64).requires_grad_(true);
        torch::Tensor B = lora->B.detach().to(torch::kFloat64).requires_grad_(true);
        auto loss = [&](const torch::Tensor &a, const torch::Tensor &b) {
            return torch::tanh(torch::matmul(x, W.t()) + torch::matmul(torch::matmul(x, a.t()), b.t()) * lora->scale)
                .sum();
        };
        loss(A, B).backward();
        const double h = 1e-6;
        double worst = 0;
        for (torch::Tensor *p : { &A, &B }) {
            const torch::Tensor flat = p->detach().clone().flatten();
            const torch::Tensor grad = p->grad().flatten();
            for (int64_t i = 0; i < flat.numel(); ++i) {
                torch::Tensor plus = flat.clone(), minus = flat.clone();
                plus[i] += h;
                minus[i] -= h;
                const bool isA = p == &A;
                const double lp
                    = (isA ? loss(plus.view_as(A), B.detach()) : loss(A.detach(), plus.view_as(B))).item<double>();
                const double lm
                    = (isA ? loss(minus.view_as(A), B.detach()) : loss(A.detach(), minus.view_as(B))).item<double>();
                const double numeric = (lp - lm) / (2 * h);
                worst = std::max(worst, std::abs(numeric - grad[i].item<double>()));
            }
        }
        QVERIFY2(worst < 1e-7, qPrintable(QString::number(worst)));
        // And the layer itself (float32) gives the same gradient direction to float32 precision.
        torch::Tensor W32 = W.to(torch::kFloat32);
        torch::tanh(torch::matmul(x.to(torch::kFloat32), W32.t()) + lora->delta(x.to(torch::kFloat32)))
            .sum()
            .backward();
        QVERIFY(torch::allclose(lora->B.grad().to(torch::kFloat64), B.grad(), 1e-4, 1e-4));
    }
};

QTEST_GUILESS_MAIN(LoraLayerTest)
#include "tst_lora_layer.moc"
