// The SentencePiece side of the tokenizer bridge (see spm_bridge.h). Built as a shared
// library that links only SentencePiece, never Qt or libtorch.
#include "spm_bridge.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <string>
#include <unordered_map>
#include <vector>

struct mt_spm
{
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

void writeError(char *err, int cap, const std::string &message)
{
    if (!err || cap <= 0)
        return;
    const auto n = std::min<size_t>(message.size(), size_t(cap - 1));
    std::memcpy(err, message.data(), n);
    err[n] = '\0';
}

// The training sentences: the lines of the input files in order (a trailing CR dropped).
class LineIterator : public sentencepiece::SentenceIterator
{
public:
    explicit LineIterator(std::vector<std::string> files)
        : m_files(std::move(files))
    {
        Next();
    }
    bool done() const override { return m_done; }
    void Next() override
    {
        while (true) {
            if (m_in.is_open() && std::getline(m_in, m_line)) {
                if (!m_line.empty() && m_line.back() == '\r')
                    m_line.pop_back();
                return;
            }
            if (m_in.is_open() && m_in.bad()) {
                m_status = sentencepiece::util::Status(sentencepiece::util::StatusCode::kInternal,
                                                       "read error in " + m_files[m_next - 1]);
                m_done = true;
                return;
            }
            m_in.close();
            if (m_next >= m_files.size()) {
                m_done = true;
                return;
            }
            m_in.clear();
            m_in.open(m_files[m_next++], std::ios::binary);
            if (!m_in) {
                m_status = sentencepiece::util::Status(sentencepiece::util::StatusCode::kNotFound,
                                                       "cannot open " + m_files[m_next - 1]);
                m_done = true;
                return;
            }
        }
    }
    const std::string &value() const override { return m_line; }
    sentencepiece::util::Status status() const override { return m_status; }

private:
    std::vector<std::string> m_files;
    size_t m_next = 0;
    std::ifstream m_in;
    std::string m_line;
    bool m_done = false;
    sentencepiece::util::Status m_status;
};

int copyOut(const std::string &s, char *out, int cap)
{
    if (out && cap > 0)
        std::memcpy(out, s.data(), std::min<size_t>(s.size(), size_t(cap)));
    return int(s.size());
}

} // namespace

extern "C" {

int mt_spm_abi_version(void)
{
    return MT_SPM_ABI_VERSION;
}

mt_spm *mt_spm_load(const char *data, int size, char *err, int err_cap)
{
    try {
        auto *model = new mt_spm;
        const auto status = model->processor.LoadFromSerializedProto(absl::string_view(data, size_t(size)));
        if (!status.ok()) {
            writeError(err, err_cap, status.ToString());
            delete model;
            return nullptr;
        }
        return model;
    } catch (const std::exception &e) {
        writeError(err, err_cap, e.what());
    } catch (...) {
        writeError(err, err_cap, "unknown error while parsing the SentencePiece model");
    }
    return nullptr;
}

void mt_spm_free(mt_spm *model)
{
    delete model;
}

int mt_spm_vocab_size(const mt_spm *model)
{
    return model->processor.GetPieceSize();
}
int mt_spm_bos_id(const mt_spm *model)
{
    return model->processor.bos_id();
}
int mt_spm_eos_id(const mt_spm *model)
{
    return model->processor.eos_id();
}
int mt_spm_unk_id(const mt_spm *model)
{
    return model->processor.unk_id();
}
int mt_spm_pad_id(const mt_spm *model)
{
    return model->processor.pad_id();
}

int mt_spm_piece_kind(const mt_spm *model, int id)
{
    if (id < 0 || id >= model->processor.GetPieceSize())
        return -1;
    if (model->processor.IsControl(id))
        return 1;
    if (model->processor.IsUnknown(id))
        return 2;
    if (model->processor.IsByte(id))
        return 3;
    return 0;
}

int mt_spm_encode(const mt_spm *model, const char *text, int len, int *ids, int cap, char *err, int err_cap)
{
    std::vector<int> result;
    const auto status = model->processor.Encode(absl::string_view(text, size_t(len)), &result);
    if (!status.ok()) {
        writeError(err, err_cap, status.ToString());
        return -1;
    }
    if (ids && cap > 0)
        std::copy_n(result.begin(), std::min<size_t>(result.size(), size_t(cap)), ids);
    return int(result.size());
}

int mt_spm_decode(const mt_spm *model, const int *ids, int n, char *out, int cap, char *err, int err_cap)
{
    std::string text;
    const auto status = model->processor.Decode(std::vector<int>(ids, ids + n), &text);
    if (!status.ok()) {
        writeError(err, err_cap, status.ToString());
        return -1;
    }
    return copyOut(text, out, cap);
}

int mt_spm_id_to_piece(const mt_spm *model, int id, char *out, int cap)
{
    if (id < 0 || id >= model->processor.GetPieceSize())
        return -1;
    return copyOut(model->processor.IdToPiece(id), out, cap);
}

int mt_spm_piece_to_id(const mt_spm *model, const char *piece, int len)
{
    return model->processor.PieceToId(absl::string_view(piece, size_t(len)));
}

int mt_spm_train(const char *const *keys, const char *const *values, int n, char *err, int err_cap)
{
    try {
        std::unordered_map<std::string, std::string> kwargs;
        for (int i = 0; i < n; ++i)
            kwargs[keys[i]] = values[i];
        // The sentences come through an iterator and the model comes back serialized, so
        // that the model's trainer_spec records neither the input paths nor the output
        // folder: the same text and options give the same bytes on every machine.
        std::vector<std::string> inputs;
        {
            const std::string list = kwargs["input"];
            size_t start = 0;
            while (start <= list.size()) {
                const size_t comma = std::min(list.find(',', start), list.size());
                if (comma > start)
                    inputs.push_back(list.substr(start, comma - start));
                start = comma + 1;
            }
        }
        const std::string modelPath = kwargs["model_prefix"] + ".model";
        kwargs.erase("input");
        kwargs.erase("model_prefix");
        LineIterator lines(inputs);
        std::string serialized;
        const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs, &lines, &serialized);
        if (!status.ok()) {
            writeError(err, err_cap, status.ToString());
            return 1;
        }
        // Written next to the target and renamed over it: never a half-written model.
        const std::string tmp = modelPath + ".tmp";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out.write(serialized.data(), std::streamsize(serialized.size()));
            out.close();
            if (!out) {
                std::remove(tmp.c_str());
                writeError(err, err_cap, "cannot write " + tmp);
                return 1;
            }
        }
        if (std::rename(tmp.c_str(), modelPath.c_str()) != 0) {
            std::remove(tmp.c_str());
            writeError(err, err_cap, "cannot rename " + tmp + " to " + modelPath);
            return 1;
        }
        return 0;
    } catch (const std::exception &e) {
        writeError(err, err_cap, e.what());
    } catch (...) {
        writeError(err, err_cap, "unknown error in the SentencePiece trainer");
    }
    return 1;
}

} // extern "C"
