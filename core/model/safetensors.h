// Reading (memory-mapped, strictly validated) and writing of .safetensors files, the
// Hugging Face tensor container: 8-byte little-endian header length, a JSON header,
// then the raw little-endian tensor bytes. No libtorch here: plain pointers and shapes.
#pragma once

#include <QMap>
#include <QString>
#include <cstdint>
#include <memory>
#include <vector>

namespace medtune {

enum class TensorDType { F32, F16, BF16, I32, I64 };

/// Bytes per element of a dtype.
int dtypeSize(TensorDType dtype);
/// The safetensors spelling ("F32", "BF16", ...).
QString dtypeName(TensorDType dtype);

struct SafetensorsEntry
{
    QString name;
    TensorDType dtype = TensorDType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; ///< byte offset in the data section
    uint64_t end = 0; ///< one past the last byte in the data section
    int64_t numel() const;
};

/// A read-only memory mapping of one .safetensors file. Opening validates the whole
/// header; tensor bytes are not read until used. Thread-safe for reading.
class SafetensorsFile
{
public:
    /// Maps and validates the file; throws Error naming the file (and tensor) when the
    /// header length, JSON, a dtype, a shape, or an offset is wrong.
    static std::shared_ptr<SafetensorsFile> open(const QString &path);
    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile &) = delete;
    SafetensorsFile &operator=(const SafetensorsFile &) = delete;

    QString path() const { return m_path; }
    const std::vector<SafetensorsEntry> &entries() const { return m_entries; }
    /// The entry of a name, or nullptr.
    const SafetensorsEntry *find(const QString &name) const;
    /// Start of a tensor's bytes inside the mapping (valid while this object lives).
    /// The mapping is private copy-on-write: writing through it never changes the file.
    char *data(const SafetensorsEntry &entry) const;
    QMap<QString, QString> metadata() const { return m_metadata; }
    /// Tells the kernel that a tensor's pages are no longer needed (drops them from the
    /// resident set once its bytes were converted elsewhere).
    void release(const SafetensorsEntry &entry) const;

private:
    SafetensorsFile() = default;

    QString m_path;
    char *m_map = nullptr;
    uint64_t m_fileSize = 0;
    uint64_t m_dataStart = 0;
    std::vector<SafetensorsEntry> m_entries;
    QMap<QString, QString> m_metadata;
};

/// One tensor to write: name, dtype, shape and its contiguous little-endian bytes.
struct SafetensorsWriteItem
{
    QString name;
    TensorDType dtype = TensorDType::F32;
    std::vector<int64_t> shape;
    const void *data = nullptr;
    uint64_t bytes = 0;
};

/// Writes a .safetensors file atomically (temporary file + rename). Tensors are stored
/// in the order given; the header is padded with spaces to a multiple of 8 bytes.
void writeSafetensors(const QString &path, const std::vector<SafetensorsWriteItem> &items,
                      const QMap<QString, QString> &metadata = {});

} // namespace medtune
