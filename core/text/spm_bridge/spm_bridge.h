/* Plain C interface of the SentencePiece bridge.
 *
 * Debian's libsentencepiece carries its own protobuf-lite and cannot share a link
 * namespace with libtorch's protobuf. This small library links only SentencePiece and is
 * loaded with dlmopen(LM_ID_NEWLM) by core/text/tokenizer.cpp; only ints, char buffers
 * and an opaque handle cross the boundary, and memory is freed on the side that
 * allocated it. Functions that fill a caller's buffer return the size they need; the
 * caller retries with a larger buffer when that exceeds the capacity it gave.
 */
#ifndef MEDTUNE_SPM_BRIDGE_H
#define MEDTUNE_SPM_BRIDGE_H

#ifdef __cplusplus
extern "C" {
#endif

#define MT_SPM_ABI_VERSION 1

typedef struct mt_spm mt_spm;

int mt_spm_abi_version(void);

/* Loads a serialized model from memory. Returns NULL and writes a message into err. */
mt_spm *mt_spm_load(const char *data, int size, char *err, int err_cap);
void mt_spm_free(mt_spm *model);

int mt_spm_vocab_size(const mt_spm *model);
int mt_spm_bos_id(const mt_spm *model);
int mt_spm_eos_id(const mt_spm *model);
int mt_spm_unk_id(const mt_spm *model);
int mt_spm_pad_id(const mt_spm *model);
/* 1 when the piece is a control symbol (<s>, </s>), 2 unknown, 3 byte, 0 normal. */
int mt_spm_piece_kind(const mt_spm *model, int id);

/* Encodes UTF-8 text into ids; returns the number of ids (may exceed cap) or -1. */
int mt_spm_encode(const mt_spm *model, const char *text, int len, int *ids, int cap, char *err, int err_cap);
/* Decodes ids to UTF-8; returns the byte length needed (without a terminator) or -1. */
int mt_spm_decode(const mt_spm *model, const int *ids, int n, char *out, int cap, char *err, int err_cap);
/* Writes the piece of an id; returns the byte length needed or -1 for an id out of range. */
int mt_spm_id_to_piece(const mt_spm *model, int id, char *out, int cap);
/* Returns the id of a piece (the unknown id when it is not in the vocabulary). */
int mt_spm_piece_to_id(const mt_spm *model, const char *piece, int len);

/* Runs the SentencePiece trainer with n flag/value pairs ("input" -> "a.txt,b.txt",
 * "model_prefix" -> "out/m", "vocab_size" -> "500", ...). Returns 0 on success. */
int mt_spm_train(const char *const *keys, const char *const *values, int n, char *err, int err_cap);

#ifdef __cplusplus
}
#endif

#endif
