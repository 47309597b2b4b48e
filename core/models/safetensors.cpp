#include "models/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <vector>

#include "common/atomicfile.h"
#include "common/bytesource.h"
#include "common/error.h"
#include "common/jsondepth.h"

namespace debut {

namespace {

struct DtypeInfo {
    const char *name;
    torch::ScalarType type;
    std::size_t size;
};

const DtypeInfo kDtypes[] = {
    {"F64", torch::kDouble, 8}, {"F32", torch::kFloat, 4}, {"F16", torch::kHalf, 2},  {"BF16", torch::kBFloat16, 2},
    {"I64", torch::kLong, 8},   {"I32", torch::kInt, 4},   {"I16", torch::kShort, 2}, {"I8", torch::kChar, 1},
    {"U8", torch::kByte, 1},    {"BOOL", torch::kBool, 1},
};

const DtypeInfo *findDtype(const std::string &name)
{
    for (const auto &d : kDtypes)
        if (name == d.name)
            return &d;
    return nullptr;
}

bool littleEndianHost()
{
    const std::uint16_t one = 1;
    unsigned char b;
    std::memcpy(&b, &one, 1);
    return b == 1;
}

struct Entry {
    std::string name;
    const DtypeInfo *dtype = nullptr;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0, end = 0;
};

std::string shapeString(const std::vector<std::int64_t> &shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// A header nests three levels (object, entry, shape array); anything much deeper
// is hostile, and destroying a deeply nested json value recurses per level.
constexpr std::size_t kMaxHeaderDepth = 16;

SafetensorsContents readFrom(ByteSource &src, const SafetensorsOptions &options)
{
    auto fail = [&](const std::string &tensor, const std::string &msg) { return src.fail(msg, tensor); };
    if (!littleEndianHost())
        throw fail({}, "safetensors files can only be read on little-endian machines");
    const std::uint64_t fileSize = src.size();
    if (fileSize < 8)
        throw fail({}, "not a safetensors file: " + std::to_string(fileSize) +
                           " bytes, shorter than the 8-byte header length");
    unsigned char lenBytes[8];
    src.read(0, lenBytes, 8);
    std::uint64_t headerLen = 0;
    for (int i = 7; i >= 0; --i)
        headerLen = (headerLen << 8) | lenBytes[i];
    if (headerLen > fileSize - 8)
        throw fail({}, "header length " + std::to_string(headerLen) + " goes beyond the end of the file (" +
                           std::to_string(fileSize) + " bytes): truncated or not a safetensors file");
    if (headerLen > options.maxHeaderBytes)
        throw fail({}, "header length " + std::to_string(headerLen) + " exceeds the limit of " +
                           std::to_string(options.maxHeaderBytes) + " bytes");
    if (headerLen < 2)
        throw fail({}, "header of " + std::to_string(headerLen) + " bytes is too short to be JSON");
    std::string header(static_cast<std::size_t>(headerLen), '\0');
    src.read(8, header.data(), header.size());
    const std::uint64_t dataStart = 8 + headerLen;
    const std::uint64_t dataSize = fileSize - dataStart;

    if (JsonDepth::scan(header, kMaxHeaderDepth) > kMaxHeaderDepth)
        throw fail({}, "header JSON nests deeper than " + std::to_string(kMaxHeaderDepth) + " levels");
    nlohmann::json j = nlohmann::json::parse(header, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded())
        throw fail({}, "header is not valid JSON");
    if (!j.is_object())
        throw fail({}, "header is not a JSON object");

    if (j.size() > options.maxTensors + 1)   // + "__metadata__"
        throw fail({}, "header lists " + std::to_string(j.size()) + " entries, more than the limit of " +
                           std::to_string(options.maxTensors) + " tensors");

    SafetensorsContents out;
    std::vector<Entry> entries;
    std::uint64_t totalBytes = 0;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string &key = it.key();
        const auto &v = it.value();
        if (key == "__metadata__") {
            if (!v.is_object())
                throw fail({}, "__metadata__ is not an object");
            for (auto m = v.begin(); m != v.end(); ++m) {
                if (!m.value().is_string())
                    throw fail({}, "__metadata__ value of \"" + m.key() + "\" is not a string");
                out.metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        if (!v.is_object())
            throw fail(key, "header entry is not an object");
        Entry e;
        e.name = key;
        auto dt = v.find("dtype");
        if (dt == v.end() || !dt->is_string())
            throw fail(key, "missing or non-string \"dtype\"");
        e.dtype = findDtype(dt->get<std::string>());
        if (!e.dtype)
            throw fail(key, "unsupported dtype \"" + dt->get<std::string>() +
                                "\" (expected F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL)");
        auto sh = v.find("shape");
        if (sh == v.end() || !sh->is_array())
            throw fail(key, "missing or non-array \"shape\"");
        if (sh->size() > options.maxDims)
            throw fail(key, "shape has " + std::to_string(sh->size()) + " dimensions, more than the limit of " +
                                std::to_string(options.maxDims));
        // numel is bounded by the data size, so overflow checks can stop there.
        std::uint64_t numel = 1;
        bool overflow = false;
        for (const auto &d : *sh) {
            if (!d.is_number_unsigned() && !(d.is_number_integer() && d.get<std::int64_t>() >= 0))
                throw fail(key, "shape entries must be non-negative integers");
            const std::uint64_t n = d.get<std::uint64_t>();
            if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                throw fail(key, "shape entry " + std::to_string(n) + " is too large");
            e.shape.push_back(static_cast<std::int64_t>(n));
            if (n != 0 && numel > std::numeric_limits<std::uint64_t>::max() / n)
                overflow = true;
            else
                numel *= n;
        }
        auto off = v.find("data_offsets");
        if (off == v.end() || !off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() ||
            !(*off)[1].is_number_unsigned())
            throw fail(key, "\"data_offsets\" must be two non-negative integers");
        e.begin = (*off)[0].get<std::uint64_t>();
        e.end = (*off)[1].get<std::uint64_t>();
        if (e.begin > e.end)
            throw fail(key,
                       "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] are reversed");
        if (e.end > dataSize)
            throw fail(key, "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                                "] go beyond the data region of " + std::to_string(dataSize) +
                                " bytes: truncated file");
        const bool sizeOk = !overflow && numel <= std::numeric_limits<std::uint64_t>::max() / e.dtype->size &&
                            numel * e.dtype->size == e.end - e.begin;
        if (!sizeOk)
            throw fail(key, "data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                                "] do not match shape " + shapeString(e.shape) + " of " + e.dtype->name +
                                (overflow ? std::string(" (size overflows)")
                                          : " (" + std::to_string(numel * e.dtype->size) + " bytes)"));
        totalBytes += e.end - e.begin;   // each <= dataSize: no overflow before the check trips
        if (totalBytes > options.maxDataBytes)
            throw fail(key,
                       "tensors hold more than the limit of " + std::to_string(options.maxDataBytes) + " bytes in all");
        entries.push_back(std::move(e));
    }

    std::vector<const Entry *> byOffset;
    for (const auto &e : entries)
        byOffset.push_back(&e);
    std::sort(byOffset.begin(), byOffset.end(), [](const Entry *a, const Entry *b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
    });
    for (std::size_t i = 1; i < byOffset.size(); ++i) {
        // Empty tensors occupy no bytes and cannot overlap anything.
        if (byOffset[i]->begin < byOffset[i - 1]->end && byOffset[i]->begin != byOffset[i]->end)
            throw fail(byOffset[i]->name, "data overlaps tensor \"" + byOffset[i - 1]->name + "\"");
    }

    for (const auto &e : entries) {
        torch::Tensor t = torch::empty(e.shape, torch::TensorOptions().dtype(e.dtype->type));
        const std::uint64_t n = e.end - e.begin;
        if (n)
            src.read(dataStart + e.begin, t.data_ptr(), static_cast<std::size_t>(n));
        if (e.dtype->type == torch::kBool) {
            // Bytes other than 0/1 are not valid bools in C++; normalise them.
            auto *p = static_cast<unsigned char *>(t.data_ptr());
            for (std::uint64_t i = 0; i < n; ++i)
                p[i] = p[i] ? 1 : 0;
        }
        if (options.floatToFloat32 && t.is_floating_point() && e.dtype->type != torch::kFloat)
            t = t.to(torch::kFloat);
        out.tensors[e.name] = t;
    }
    return out;
}

SafetensorsContents readGuarded(ByteSource &src, const SafetensorsOptions &options)
{
    try {
        return readFrom(src, options);
    } catch (const c10::Error &e) {
        throw src.fail(std::string("cannot build a tensor: ") + e.what_without_backtrace());
    } catch (const std::bad_alloc &) {
        throw src.fail("out of memory while reading (corrupt sizes?)");
    }
}

}   // namespace

std::string safetensorsDtypeName(torch::ScalarType type)
{
    for (const auto &d : kDtypes)
        if (d.type == type)
            return d.name;
    throw Error(std::string("safetensors: unsupported tensor dtype ") + c10::toString(type));
}

SafetensorsContents readSafetensors(const std::string &path, const SafetensorsOptions &options)
{
    FileSource src(path);
    return readGuarded(src, options);
}

SafetensorsContents readSafetensorsFromMemory(const void *data, std::size_t size, const std::string &name,
                                              const SafetensorsOptions &options)
{
    MemorySource src(data, size, name);
    return readGuarded(src, options);
}

namespace {

// The padded JSON header and the contiguous CPU tensors in data order.
std::string buildHeader(const NamedTensors &tensors, const std::map<std::string, std::string> &metadata,
                        const std::string &name, std::vector<torch::Tensor> &data)
{
    if (!littleEndianHost())
        throw Error(Location{name, 0, 0, {}}, "safetensors files can only be written on little-endian machines");
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) {
        nlohmann::ordered_json m = nlohmann::ordered_json::object();
        for (const auto &[k, v] : metadata)
            m[k] = v;
        header["__metadata__"] = m;
    }
    std::uint64_t offset = 0;
    for (const auto &[key, tensor] : tensors) {
        if (!tensor.defined())
            throw Error(Location{name, 0, 0, key}, "undefined tensor");
        std::string dtype;
        try {
            dtype = safetensorsDtypeName(tensor.scalar_type());
        } catch (const Error &e) {
            throw Error(Location{name, 0, 0, key}, e.what());
        }
        torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
        const std::uint64_t n = static_cast<std::uint64_t>(t.numel()) * t.element_size();
        nlohmann::ordered_json entry;
        entry["dtype"] = dtype;
        entry["shape"] = t.sizes().vec();
        entry["data_offsets"] = {offset, offset + n};
        header[key] = entry;
        offset += n;
        data.push_back(t);
    }
    std::string h = header.dump();
    h.append((8 - h.size() % 8) % 8, ' ');
    std::string out(8, '\0');
    const std::uint64_t hl = h.size();
    for (int i = 0; i < 8; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<char>((hl >> (8 * i)) & 0xff);
    return out + h;
}

}   // namespace

std::string safetensorsBytes(const NamedTensors &tensors, const std::map<std::string, std::string> &metadata,
                             const std::string &name)
{
    std::vector<torch::Tensor> data;
    std::string out = buildHeader(tensors, metadata, name, data);
    std::size_t total = out.size();
    for (const auto &t : data)
        total += static_cast<std::size_t>(t.numel() * t.element_size());
    out.reserve(total);
    for (const auto &t : data)
        out.append(static_cast<const char *>(t.data_ptr()), static_cast<std::size_t>(t.numel() * t.element_size()));
    return out;
}

void writeSafetensors(const std::string &path, const NamedTensors &tensors,
                      const std::map<std::string, std::string> &metadata)
{
    std::vector<torch::Tensor> data;
    const std::string head = buildHeader(tensors, metadata, path, data);
    AtomicFile out(path);
    out.write(head);
    for (const auto &t : data)
        out.write(t.data_ptr(), static_cast<std::size_t>(t.numel() * t.element_size()));
    out.commit();
}

}   // namespace debut
