#pragma once
// Encoding façade: `debut encode` (contract: docs/cli.md). Sentence embeddings
// of a project's items or of the lines of a text file, written to CSV or NPY.
// Never throws: every failure comes back as a Status (UserError naming the file;
// Cancelled when `progress` returned false; Internal for unexpected exceptions).
//
// Inputs: the project's items in catalogue order, each as training sees it
// (io/records.h itemText), opened read-only; or one text per line of
// `textFile` (UTF-8; a BOM and CR line ends are dropped).
// Output (written atomically, common/atomicfile.h: a failure or a cancel leaves
// `outPath` as it was):
//   ".csv"  one row per input, D plain decimals (shortest that keeps float32
//           precision, no exponent), a header row "e0,...,eD-1" only with csvHeader;
//   ".npy"  float32 [N, D], NumPy format 1.0, little-endian, C order.
#include <cstdint>
#include <functional>
#include <string>

#include "common/error.h"
#include "common/progress.h"
#include "models/encoder.h"

namespace debut {

struct EncodeRequest {
    std::string projectPath;            // used when textFile is empty
    std::string textFile;               // one text per line
    std::string outPath;                // must end in .csv or .npy
    std::string encoder = "use-lite";   // use-lite | scratch | pretrained[:N] | HF folder | run id
    bool csvHeader = false;
    int threads = 0;        // intra-op threads; 0 = one per hardware thread
    EmbedOptions options;   // batch size, precision
    // Told, before the long work starts, what will run: a precision that falls
    // back (bf16 on a CPU without bfloat16 instructions runs fp32) and
    // "N texts with ENCODER (T threads, PRECISION)". May be empty.
    std::function<void(const std::string &note)> onNote;
};

struct EncodeResult {
    Status status;
    std::int64_t rows = 0;   // N
    std::int64_t dims = 0;   // D
};

EncodeResult encode(const EncodeRequest &request, const Progress &progress = {});

}   // namespace debut
