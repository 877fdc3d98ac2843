// The decode kernels (core/model/decode_kernels) against an independent float64 product:
// every ISA this CPU has, float32 and bfloat16 weights, 1 to 16 rows, widths with vector
// tails, several weight blocks and threads; the widened-GEMM path for many rows with
// bfloat16 weights; the choice of kernels by CPU and MEDTUNE_DECODE_ISA.
#include "model/decode_kernels.h"
#include "model/llama_model.h"
#include "util/compute_threads.h"

#include <QtTest>
#include <cmath>

using namespace medtune;

namespace {

// y[m][o] = sum_i x[m][i] * w[o][i] in double precision, element by element from the
// tensors' float values (no libtorch arithmetic).
std::vector<double> referenceProduct(const torch::Tensor &x, const torch::Tensor &w)
{
    const torch::Tensor xf = x.to(torch::kFloat32).contiguous(), wf = w.to(torch::kFloat32).contiguous();
    const int64_t rows = xf.size(0), in = xf.size(1), out = wf.size(0);
    const float *xp = xf.data_ptr<float>(), *wp = wf.data_ptr<float>();
    std::vector<double> y(size_t(rows * out), 0.0);
    for (int64_t m = 0; m < rows; ++m)
        for (int64_t o = 0; o < out; ++o) {
            double s = 0;
            for (int64_t i = 0; i < in; ++i)
                s += double(xp[m * in + i]) * double(wp[o * in + i]);
            y[size_t(m * out + o)] = s;
        }
    return y;
}

// Largest |got - ref| relative to the largest |ref| (the products' scale).
double maxRelError(const torch::Tensor &got, const std::vector<double> &ref)
{
    const torch::Tensor g = got.to(torch::kFloat64).contiguous().view({ -1 });
    const double *gp = g.data_ptr<double>();
    double err = 0, scale = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
        err = std::max(err, std::abs(gp[i] - ref[i]));
        scale = std::max(scale, std::abs(ref[i]));
    }
    return err / scale;
}

// Tolerances: float32 differs from float64 by the float32 summation of `in` products
// (well below 1e-5 of the scale for these widths); bfloat16 outputs are rounded once to
// bfloat16 (relative 2^-9 of each value, at most 2^-8 of the scale).
double tolerance(torch::ScalarType dtype)
{
    return dtype == torch::kFloat32 ? 1e-5 : 1.0 / 256;
}

} // namespace

class DecodeKernelsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setComputeThreads(2); } // the large case splits over threads

    void kernelsMatchFloat64()
    {
        torch::NoGradGuard g;
        torch::manual_seed(5);
        int checked = 0;
        for (DecodeIsa isa : { DecodeIsa::Avx2, DecodeIsa::Avx512 }) {
            if (!cpuSupportsDecodeIsa(isa)) {
                qInfo("this CPU has no %s: its kernels are not tested here", decodeIsaName(isa));
                continue;
            }
            for (auto dtype : { torch::kFloat32, torch::kBFloat16 })
                // Widths: vector tails (7, 40, 71), exact multiples (64), and one large
                // enough for several weight blocks and threads (out 2000 x in 300).
                for (auto [out, in] :
                     { std::pair<int64_t, int64_t> { 37, 7 }, { 37, 40 }, { 13, 64 }, { 37, 71 }, { 2000, 300 } }) {
                    const torch::Tensor w = torch::randn({ out, in }).to(dtype);
                    for (int64_t rows = 1; rows <= kDecodeMaxRows; ++rows) {
                        const torch::Tensor x = torch::randn({ rows, in }).to(dtype);
                        const torch::Tensor y = decodeLinear(x.view({ rows, 1, in }), w, isa, true);
                        QVERIFY2(y.defined(), decodeIsaName(isa));
                        QCOMPARE(y.sizes(), (std::vector<int64_t> { rows, 1, out }));
                        QCOMPARE(y.scalar_type(), dtype);
                        const double err = maxRelError(y, referenceProduct(x, w));
                        QVERIFY2(err < tolerance(dtype),
                                 qPrintable(QStringLiteral("%1 %2 rows %3 out %4 in %5: %6")
                                                .arg(QLatin1String(decodeIsaName(isa)))
                                                .arg(QLatin1String(dtype == torch::kFloat32 ? "float32" : "bfloat16"))
                                                .arg(rows)
                                                .arg(out)
                                                .arg(in)
                                                .arg(err)));
                        ++checked;
                    }
                }
        }
        if (checked == 0)
            QSKIP("this CPU has neither AVX2 + FMA nor AVX-512: decodeLinear leaves every product to torch::linear");
    }

    void manyRowsWithBFloat16WeightsUseFloat32Gemm()
    {
        torch::NoGradGuard g;
        torch::manual_seed(6);
        // Several weight blocks (block rows = max(64, 2^20 / in)); rows above the kernels' limit.
        const int64_t out = 2 * std::max<int64_t>(64, (int64_t(1) << 20) / 1000) + 5, in = 1000;
        const torch::Tensor w = torch::randn({ out, in }).to(torch::kBFloat16);
        for (int64_t rows : { int64_t(17), int64_t(40) }) {
            const torch::Tensor x2 = torch::randn({ rows, in }).to(torch::kBFloat16);
            const torch::Tensor y = decodeLinear(x2, w, DecodeIsa::None, /*fastBf16Gemm=*/false);
            QVERIFY(y.defined());
            QCOMPARE(y.scalar_type(), torch::kBFloat16);
            QCOMPARE(y.sizes(), (std::vector<int64_t> { rows, out }));
            QVERIFY2(maxRelError(y, referenceProduct(x2, w)) < tolerance(torch::kBFloat16),
                     qPrintable(QString::number(maxRelError(y, referenceProduct(x2, w)))));
        }
        // Where the bfloat16 GEMM is fast, and for float32, torch::linear keeps them.
        QVERIFY(!decodeLinear(torch::randn({ 17, in }).to(torch::kBFloat16), w, DecodeIsa::None, true).defined());
        QVERIFY(!decodeLinear(torch::randn({ 17, in }), w.to(torch::kFloat32), DecodeIsa::Avx2, false).defined());
        // Mixed dtypes and autograd are left to torch::linear.
        QVERIFY(!decodeLinear(torch::randn({ 2, in }), w, DecodeIsa::Avx2, false).defined());
        const torch::Tensor wf = w.to(torch::kFloat32).requires_grad_(true);
        torch::GradMode::set_enabled(true);
        QVERIFY(!decodeLinear(torch::randn({ 2, in }), wf, DecodeIsa::Avx2, false).defined());
    }

    void kernelChoiceFollowsCpuAndEnvironment()
    {
        const QByteArray saved = qgetenv("MEDTUNE_DECODE_ISA");
        qunsetenv("MEDTUNE_DECODE_ISA");
        const DecodeIsa best = cpuSupportsDecodeIsa(DecodeIsa::Avx512) ? DecodeIsa::Avx512
            : cpuSupportsDecodeIsa(DecodeIsa::Avx2)                    ? DecodeIsa::Avx2
                                                                       : DecodeIsa::None;
        QCOMPARE(decodeIsa(), best);
        QCOMPARE(decodeFastBFloat16Gemm(), cpuHasFastBFloat16());
        qputenv("MEDTUNE_DECODE_ISA", "avx2");
        QCOMPARE(decodeIsa(), best == DecodeIsa::None ? DecodeIsa::None : DecodeIsa::Avx2);
        QVERIFY(!decodeFastBFloat16Gemm()); // as on a CPU without AVX-512 BF16
        qputenv("MEDTUNE_DECODE_ISA", "none");
        QCOMPARE(decodeIsa(), DecodeIsa::None);
        if (saved.isNull())
            qunsetenv("MEDTUNE_DECODE_ISA");
        else
            qputenv("MEDTUNE_DECODE_ISA", saved);
    }
};

QTEST_GUILESS_MAIN(DecodeKernelsTest)
#include "tst_decode_kernels.moc"
