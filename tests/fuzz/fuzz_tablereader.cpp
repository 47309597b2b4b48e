// libFuzzer target: CSV / TSV / JSON Lines reading (TableReader over TextSource
// and CsvReader), column-mapping guesses and price parsing on what comes out.
// Input bytes 0-1 pick format, extension, encoding, header mode and delimiter; the rest is the file.
// Only debut::Error may escape the readers; anything else is a finding.
#include <cstdint>
#include <string>

#include "common/error.h"
#include "fuzzfile.h"
#include "io/columnmapping.h"
#include "io/price.h"
#include "io/tablereader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    // byte 0: bits 0-1 format (auto, csv, tsv, jsonl), bits 2-3 file extension
    // byte 1: encoding (auto, utf-8, gb18030), header mode, delimiter
    static const char *const kExt[] = {".csv", ".tsv", ".jsonl", ".txt"};
    static const char kDelims[] = {0, ',', ';', '|'};
    debut::TableOptions opt;
    opt.format = static_cast<debut::TableFormat>(data[0] & 3);
    const int enc = data[1] % 3;
    opt.encoding = enc == 0   ? debut::TextEncoding::Auto
                   : enc == 1 ? debut::TextEncoding::Utf8
                              : debut::TextEncoding::Gb18030;
    opt.header = static_cast<debut::HeaderMode>((data[1] >> 2) % 3);
    opt.delimiter = kDelims[(data[1] >> 4) & 3];
    const std::string path =
        debut::fuzz::writeScratch(std::string("input") + kExt[(data[0] >> 2) & 3], data + 2, size - 2);
    try {
        debut::TableReader reader(path, opt);
        for (const auto &c : reader.columns())
            (void)debut::ColumnMapping::guessField(debut::MappingTarget::Items, c);
        debut::TableRow row;
        int n = 0;
        while (reader.next(row) && ++n < 10000) {
            for (const auto &v : row.values) {
                std::optional<double> price;
                std::string why;
                (void)debut::parsePrice(v, price, why);
            }
        }
        (void)reader.bytesRead();
    } catch (const debut::Error &) {
    }
    return 0;
}
