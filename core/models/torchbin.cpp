#include "models/torchbin.h"

#include <torch/serialize.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include "common/atomicfile.h"
#include "common/error.h"
#include "models/ziparchive.h"

namespace debut {

namespace {

using namespace torchzip;

// ---- pickle ----------------------------------------------------------------

struct PyValue;
using PyPtr = std::shared_ptr<PyValue>;

struct PyValue {
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Tensor };
    Kind kind = Kind::None;
    std::int64_t i = 0;                          // Bool, Int
    double f = 0;                                // Float
    std::string s;                               // String; Global: "module.name"
    std::vector<PyPtr> items;                    // Tuple, List
    std::vector<std::pair<PyPtr, PyPtr>> dict;   // Dict (insertion order)
    torch::Tensor tensor;                        // Tensor
};

struct StorageType {
    const char *name;
    torch::ScalarType type;
};

const StorageType kStorages[] = {
    {"torch.FloatStorage", torch::kFloat},  {"torch.DoubleStorage", torch::kDouble},
    {"torch.HalfStorage", torch::kHalf},    {"torch.BFloat16Storage", torch::kBFloat16},
    {"torch.LongStorage", torch::kLong},    {"torch.IntStorage", torch::kInt},
    {"torch.ShortStorage", torch::kShort},  {"torch.CharStorage", torch::kChar},
    {"torch.ByteStorage", torch::kByte},    {"torch.BoolStorage", torch::kBool},
    {"torch.UntypedStorage", torch::kByte},
};

class Unpickler {
public:
    Unpickler(ByteSource &src, Zip &zip, std::string prefix, std::string pickle)
        : m_src(src), m_zip(zip), m_prefix(std::move(prefix)), m_data(std::move(pickle))
    {}
    // Pickles can build cycles (a list appended to itself) and deep nesting; every
    // value is owned here and unlinked on destruction, so neither leaks nor
    // recurses.
    ~Unpickler()
    {
        for (auto &v : m_all) {
            v->items.clear();
            v->dict.clear();
        }
    }

    PyPtr run()
    {
        while (true) {
            const unsigned char op = byte();
            switch (op) {
            case 0x80: byte(); break;     // PROTO
            case 0x95: bytes(8); break;   // FRAME
            case '(': m_marks.push_back(m_stack.size()); break;
            case '.':   // STOP
                return pop();
            case '0': pop(); break;         // POP
            case '1': popMark(); break;     // POP_MARK
            case '2': push(top()); break;   // DUP
            case 'N': push(make(PyValue::Kind::None)); break;
            case 0x88:
            case 0x89: {
                auto v = make(PyValue::Kind::Bool);
                v->i = op == 0x88;
                push(v);
                break;
            }
            case 'J': pushInt(static_cast<std::int32_t>(le(bytes(4), 4))); break;
            case 'K': pushInt(byte()); break;
            case 'M': pushInt(static_cast<std::int64_t>(le(bytes(2), 2))); break;
            case 0x8a: {   // LONG1
                const unsigned n = byte();
                if (n > 8)
                    throw bad("integer wider than 64 bits");
                const unsigned char *p = bytes(n);
                std::uint64_t v = n ? le(p, static_cast<int>(n)) : 0;
                if (n && n < 8 && (p[n - 1] & 0x80))
                    v |= ~std::uint64_t(0) << (8 * n);
                pushInt(static_cast<std::int64_t>(v));
                break;
            }
            case 'G': {   // BINFLOAT, big-endian
                const unsigned char *p = bytes(8);
                std::uint64_t bits = 0;
                for (int k = 0; k < 8; ++k)
                    bits = (bits << 8) | p[k];
                auto v = make(PyValue::Kind::Float);
                std::memcpy(&v->f, &bits, 8);
                push(v);
                break;
            }
            case 'X':
            case 'B': pushString(le(bytes(4), 4)); break;
            case 0x8c:
            case 'U':
            case 'C': pushString(byte()); break;
            case 0x8d:
            case 0x8e: pushString(le(bytes(8), 8)); break;
            case 'T': pushString(le(bytes(4), 4)); break;
            case ')': push(make(PyValue::Kind::Tuple)); break;
            case 't': {
                auto v = make(PyValue::Kind::Tuple);
                v->items = popMark();
                push(v);
                break;
            }
            case 0x85:
            case 0x86:
            case 0x87: {
                auto v = make(PyValue::Kind::Tuple);
                const int n = op - 0x84;
                v->items.resize(static_cast<std::size_t>(n));
                for (int k = n - 1; k >= 0; --k)
                    v->items[static_cast<std::size_t>(k)] = pop();
                push(v);
                break;
            }
            case ']': push(make(PyValue::Kind::List)); break;
            case 'l': {
                auto v = make(PyValue::Kind::List);
                v->items = popMark();
                push(v);
                break;
            }
            case 'a': {
                PyPtr x = pop();
                expect(top(), PyValue::Kind::List, "APPEND")->items.push_back(x);
                break;
            }
            case 'e': {
                auto xs = popMark();
                auto &l = expect(top(), PyValue::Kind::List, "APPENDS")->items;
                l.insert(l.end(), xs.begin(), xs.end());
                break;
            }
            case '}': push(make(PyValue::Kind::Dict)); break;
            case 'd': {
                auto v = make(PyValue::Kind::Dict);
                setItems(v, popMark());
                push(v);
                break;
            }
            case 's': {
                PyPtr val = pop(), key = pop();
                expect(top(), PyValue::Kind::Dict, "SETITEM")->dict.emplace_back(key, val);
                break;
            }
            case 'u': {
                auto xs = popMark();
                setItems(expect(top(), PyValue::Kind::Dict, "SETITEMS"), xs);
                break;
            }
            case 'c': {   // GLOBAL "module\nname\n"
                std::string module = line(), name = line();
                auto v = make(PyValue::Kind::Global);
                v->s = module + "." + name;
                push(v);
                break;
            }
            case 0x93: {   // STACK_GLOBAL
                PyPtr name = pop(), module = pop();
                if (name->kind != PyValue::Kind::String || module->kind != PyValue::Kind::String)
                    throw bad("STACK_GLOBAL needs two strings");
                auto v = make(PyValue::Kind::Global);
                v->s = module->s + "." + name->s;
                push(v);
                break;
            }
            case 'R': {
                PyPtr args = pop(), fn = pop();
                m_reducingTensor = isRebuild(fn);
                push(reduce(fn, args));
                m_reducingTensor = false;
                break;
            }
            case 'b': pop(); break;                     // BUILD: state ignored (OrderedDict _metadata)
            case 'Q': push(persistent(pop())); break;   // BINPERSID
            case 'q': m_memo[byte()] = top(); break;
            case 'r': m_memo[le(bytes(4), 4)] = top(); break;
            case 0x94: m_memo[m_memo.size()] = top(); break;   // MEMOIZE
            case 'h': push(memo(byte())); break;
            case 'j': push(memo(le(bytes(4), 4))); break;
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                throw bad(std::string("unsupported pickle opcode ") + hex);
            }
            }
        }
    }

private:
    PyPtr make(PyValue::Kind k)
    {
        auto v = std::make_shared<PyValue>();
        v->kind = k;
        m_all.push_back(v);
        return v;
    }
    Error bad(const std::string &msg) const
    {
        return m_src.fail("malformed state dict pickle (" + m_prefix + "data.pkl, byte " + std::to_string(m_pos) +
                              "): " + msg,
                          tensorKey());
    }
    static bool isRebuild(const PyPtr &v)
    {
        return v->kind == PyValue::Kind::Global && v->s.rfind("torch._utils._rebuild", 0) == 0;
    }
    // The state-dict key of the tensor being rebuilt, for error messages ("" when
    // unknown): a dict's key is pushed right before its value's rebuild call, so it
    // sits just below the lowest torch._utils._rebuild_* global on the stack (or on
    // top while that call's REDUCE runs, its global already popped).
    std::string tensorKey() const
    {
        for (std::size_t j = 0; j < m_stack.size(); ++j)
            if (isRebuild(m_stack[j]))
                return j > 0 && m_stack[j - 1]->kind == PyValue::Kind::String ? m_stack[j - 1]->s : std::string();
        if (m_reducingTensor && !m_stack.empty() && m_stack.back()->kind == PyValue::Kind::String)
            return m_stack.back()->s;
        return {};
    }
    unsigned char byte()
    {
        if (m_pos >= m_data.size())
            throw bad("unexpected end of pickle");
        return static_cast<unsigned char>(m_data[m_pos++]);
    }
    const unsigned char *bytes(std::uint64_t n)
    {
        if (n > m_data.size() - m_pos)
            throw bad("unexpected end of pickle");
        const auto *p = reinterpret_cast<const unsigned char *>(m_data.data()) + m_pos;
        m_pos += static_cast<std::size_t>(n);
        return p;
    }
    std::string line()
    {
        const auto nl = m_data.find('\n', m_pos);
        if (nl == std::string::npos)
            throw bad("unterminated GLOBAL");
        std::string s = m_data.substr(m_pos, nl - m_pos);
        m_pos = nl + 1;
        return s;
    }
    void push(PyPtr v) { m_stack.push_back(std::move(v)); }
    PyPtr pop()
    {
        if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
            throw bad("stack underflow");
        PyPtr v = std::move(m_stack.back());
        m_stack.pop_back();
        return v;
    }
    const PyPtr &top()
    {
        if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back()))
            throw bad("stack underflow");
        return m_stack.back();
    }
    std::vector<PyPtr> popMark()
    {
        if (m_marks.empty())
            throw bad("no MARK on the stack");
        const std::size_t m = m_marks.back();
        m_marks.pop_back();
        std::vector<PyPtr> xs(std::make_move_iterator(m_stack.begin() + static_cast<std::ptrdiff_t>(m)),
                              std::make_move_iterator(m_stack.end()));
        m_stack.resize(m);
        return xs;
    }
    PyPtr memo(std::uint64_t k)
    {
        auto it = m_memo.find(k);
        if (it == m_memo.end())
            throw bad("memo key " + std::to_string(k) + " not defined");
        return it->second;
    }
    void pushInt(std::int64_t v)
    {
        auto p = make(PyValue::Kind::Int);
        p->i = v;
        push(p);
    }
    void pushString(std::uint64_t n)
    {
        auto v = make(PyValue::Kind::String);
        const unsigned char *p = bytes(n);
        v->s.assign(reinterpret_cast<const char *>(p), static_cast<std::size_t>(n));
        push(v);
    }
    const PyPtr &expect(const PyPtr &v, PyValue::Kind k, const char *op)
    {
        if (v->kind != k)
            throw bad(std::string(op) + " applied to the wrong kind of object");
        return v;
    }
    void setItems(const PyPtr &d, const std::vector<PyPtr> &xs)
    {
        if (xs.size() % 2)
            throw bad("odd number of items for a dict");
        for (std::size_t k = 0; k < xs.size(); k += 2)
            d->dict.emplace_back(xs[k], xs[k + 1]);
    }
    std::int64_t intArg(const PyPtr &v, const char *what)
    {
        if (v->kind != PyValue::Kind::Int)
            throw bad(std::string(what) + " is not an integer");
        return v->i;
    }
    std::vector<std::int64_t> intTuple(const PyPtr &v, const char *what)
    {
        if (v->kind != PyValue::Kind::Tuple && v->kind != PyValue::Kind::List)
            throw bad(std::string(what) + " is not a tuple");
        std::vector<std::int64_t> out;
        for (const auto &x : v->items) {
            const std::int64_t n = intArg(x, what);
            if (n < 0)
                throw bad(std::string(what) + " has a negative entry");
            out.push_back(n);
        }
        return out;
    }

    PyPtr reduce(const PyPtr &fn, const PyPtr &args)
    {
        if (fn->kind != PyValue::Kind::Global)
            throw bad("REDUCE of a non-class object");
        if (args->kind != PyValue::Kind::Tuple)
            throw bad("REDUCE arguments are not a tuple");
        const auto &a = args->items;
        if (fn->s == "collections.OrderedDict")
            return make(PyValue::Kind::Dict);
        // LibTorch's pickler (torch::pickle_save) tags typed containers: (value, "Dict[str, Tensor]").
        if (fn->s == "torch.jit._pickle.restore_type_tag") {
            if (a.empty())
                throw bad("restore_type_tag without a value");
            return a[0];
        }
        if (fn->s == "torch._utils._rebuild_parameter" || fn->s == "torch._utils._rebuild_parameter_with_state") {
            if (a.empty() || a[0]->kind != PyValue::Kind::Tensor)
                throw bad("_rebuild_parameter without a tensor");
            return a[0];
        }
        if (fn->s == "torch._utils._rebuild_tensor_v2") {
            if (a.size() < 4 || a[0]->kind != PyValue::Kind::Tensor)
                throw bad("_rebuild_tensor_v2 with unexpected arguments");
            const torch::Tensor &storage = a[0]->tensor;
            const std::int64_t offset = intArg(a[1], "storage offset");
            const auto size = intTuple(a[2], "tensor size");
            const auto stride = intTuple(a[3], "tensor stride");
            if (offset < 0 || size.size() != stride.size())
                throw bad("tensor size and stride disagree");
            // Highest element index touched, with overflow checks: must lie in the storage.
            bool empty = false;
            unsigned __int128 last = static_cast<std::uint64_t>(offset);
            unsigned __int128 count = 1;
            for (std::size_t k = 0; k < size.size(); ++k) {
                if (size[k] == 0)
                    empty = true;
                else
                    last += static_cast<unsigned __int128>(size[k] - 1) * static_cast<std::uint64_t>(stride[k]);
                if (!empty) {
                    count *= static_cast<std::uint64_t>(size[k]);
                    if (count > (static_cast<unsigned __int128>(1) << 62))
                        throw bad("tensor size overflows");
                }
            }
            if (!empty && last >= static_cast<unsigned __int128>(storage.numel()))
                throw bad("tensor view reaches beyond its storage of " + std::to_string(storage.numel()) + " elements");
            // Zero (or overlapping) strides repeat storage elements: a few bytes in the
            // file would become gigabytes once made contiguous. State dicts never do that.
            if (!empty && count > static_cast<unsigned __int128>(storage.numel()))
                throw bad("tensor view of " + std::to_string(static_cast<std::uint64_t>(count)) +
                          " elements repeats its storage of " + std::to_string(storage.numel()) +
                          " (zero or overlapping strides)");
            auto v = make(PyValue::Kind::Tensor);
            if (empty)
                v->tensor = torch::empty(size, storage.options());
            else
                v->tensor = storage.as_strided(size, stride, offset).contiguous();
            return v;
        }
        throw bad("unsupported Python object " + fn->s + " (only tensors, dicts and plain values are read)");
    }

    PyPtr persistent(const PyPtr &pid)
    {
        if (pid->kind != PyValue::Kind::Tuple || pid->items.size() < 5 ||
            pid->items[0]->kind != PyValue::Kind::String || pid->items[0]->s != "storage" ||
            pid->items[1]->kind != PyValue::Kind::Global || pid->items[2]->kind != PyValue::Kind::String)
            throw bad("unsupported persistent id (expected a storage reference)");
        const std::string &key = pid->items[2]->s;
        auto cached = m_storages.find(key);
        if (cached != m_storages.end())
            return cached->second;
        const std::string &typeName = pid->items[1]->s;
        const StorageType *type = nullptr;
        for (const auto &t : kStorages)
            if (typeName == t.name)
                type = &t;
        if (!type)
            throw bad("unsupported storage type " + typeName);
        const std::int64_t numel = intArg(pid->items[4], "storage size");
        if (numel < 0)
            throw bad("negative storage size");
        const std::string entry = m_prefix + "data/" + key;
        const auto [offset, size] = m_zip.locate(entry);
        const std::uint64_t elem = c10::elementSize(type->type);
        if (static_cast<std::uint64_t>(numel) > size / elem)
            throw m_src.fail("storage \"" + entry + "\" holds " + std::to_string(size) + " bytes, fewer than its " +
                                 std::to_string(numel) + " elements need: truncated or corrupt file",
                             tensorKey());
        auto v = make(PyValue::Kind::Tensor);
        v->tensor = torch::empty({numel}, torch::TensorOptions().dtype(type->type));
        m_src.read(offset, v->tensor.data_ptr(), static_cast<std::size_t>(numel * elem));
        if (type->type == torch::kBool) {
            auto *p = static_cast<unsigned char *>(v->tensor.data_ptr());
            for (std::int64_t k = 0; k < numel; ++k)
                p[k] = p[k] ? 1 : 0;
        }
        m_storages[key] = v;
        return v;
    }

    ByteSource &m_src;
    Zip &m_zip;
    std::string m_prefix;
    std::string m_data;
    std::size_t m_pos = 0;
    std::vector<PyPtr> m_stack;
    std::vector<std::size_t> m_marks;
    std::unordered_map<std::uint64_t, PyPtr> m_memo;
    std::unordered_map<std::string, PyPtr> m_storages;
    std::vector<PyPtr> m_all;
    bool m_reducingTensor = false;   // a torch._utils._rebuild_* REDUCE is running
};

// Walks nested dicts (depth <= 8). The pickle memo lets a dict refer to itself or
// share one dict many times over, which would make the walk loop or grow
// exponentially: a dict already on the path is an error, the number of entries
// visited is capped, and the walk honours cancel.
void flatten(ByteSource &src, const PyPtr &root, NamedTensors &out, const TorchBinOptions &opt)
{
    constexpr std::int64_t kMaxVisits = std::int64_t(1) << 22;
    struct Frame {
        const PyValue *dict;
        std::string prefix;
        std::size_t next = 0;
    };
    std::vector<Frame> path{{root.get(), {}, 0}};
    std::int64_t visits = 0;
    while (!path.empty()) {
        Frame &f = path.back();
        if (f.next >= f.dict->dict.size()) {
            path.pop_back();
            continue;
        }
        const auto &[k, v] = f.dict->dict[f.next++];
        if (++visits > kMaxVisits)
            throw src.fail("the state dict's nested dicts hold more than " + std::to_string(kMaxVisits) +
                           " entries (dicts shared many times through the pickle memo?)");
        if ((visits & 0xffff) == 0)
            reportOrCancel(opt.progress, "read", visits, 0, "state dict entries");
        if (k->kind != PyValue::Kind::String)
            continue;
        if (v->kind == PyValue::Kind::Tensor) {
            torch::Tensor t = v->tensor;
            if (opt.floatToFloat32 && t.is_floating_point() && t.scalar_type() != torch::kFloat)
                t = t.to(torch::kFloat);
            out[f.prefix + k->s] = t;
        } else if (opt.scalars && v->kind == PyValue::Kind::String) {
            (*opt.scalars)[f.prefix + k->s] = v->s;
        } else if (opt.scalars && v->kind == PyValue::Kind::Int) {
            (*opt.scalars)[f.prefix + k->s] = std::to_string(v->i);
        } else if (v->kind == PyValue::Kind::Dict && path.size() <= 8) {
            for (const Frame &p : path)
                if (p.dict == v.get())
                    throw src.fail("dict \"" + f.prefix + k->s +
                                   "\" contains itself (a cycle through the pickle memo)");
            std::string prefix = f.prefix + k->s + ".";
            path.push_back({v.get(), std::move(prefix), 0});
        }
    }
}

NamedTensors readFrom(ByteSource &src, const TorchBinOptions &options)
{
    const std::uint16_t one = 1;
    if (*reinterpret_cast<const unsigned char *>(&one) != 1)
        throw src.fail("PyTorch files can only be read on little-endian machines");
    Zip zip(src);
    std::string prefix;
    bool found = false;
    for (const auto &[name, e] : zip.entries()) {
        const auto slash = name.find('/');
        if (slash != std::string::npos && name.compare(slash, std::string::npos, "/data.pkl") == 0) {
            prefix = name.substr(0, slash + 1);
            found = true;
            break;
        }
    }
    if (!found)
        throw src.fail("no data.pkl in the archive: not a torch.save file");
    if (zip.entries().count(prefix + "byteorder")) {
        const auto [off, n] = zip.locate(prefix + "byteorder");
        if (src.readString(off, static_cast<std::size_t>(std::min<std::uint64_t>(n, 16))) != "little")
            throw src.fail("big-endian PyTorch files are not supported");
    }
    const auto [off, n] = zip.locate(prefix + "data.pkl");
    Unpickler unpickler(src, zip, prefix, src.readString(off, static_cast<std::size_t>(n)));
    PyPtr root = unpickler.run();
    if (root->kind != PyValue::Kind::Dict)
        throw src.fail("the file holds no state dict (top-level object is not a dict)");
    NamedTensors out;
    flatten(src, root, out, options);
    return out;
}

// Torch and the allocator may still throw on absurd sizes; callers get an Error naming the file.
NamedTensors readGuarded(ByteSource &src, const TorchBinOptions &options)
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

NamedTensors readTorchBin(const std::string &path, const TorchBinOptions &options)
{
    FileSource src(path);
    return readGuarded(src, options);
}

NamedTensors readTorchBinFromMemory(const void *data, std::size_t size, const std::string &name,
                                    const TorchBinOptions &options)
{
    MemorySource src(data, size, name);
    return readGuarded(src, options);
}

void writeTorchBin(const std::string &path, const NamedTensors &tensors)
{
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto &[name, t] : tensors) {
        if (!t.defined())
            throw Error(Location{path, 0, 0, name}, "undefined tensor");
        dict.insert(name, t.detach().to(torch::kCPU).contiguous());
    }
    std::vector<char> bytes;
    try {
        bytes = torch::pickle_save(c10::IValue(dict));
    } catch (const c10::Error &e) {
        throw Error(Location{path, 0, 0, {}}, std::string("cannot serialise: ") + e.what_without_backtrace());
    }
    writeFileAtomically(path, std::string_view(bytes.data(), bytes.size()));
}

}   // namespace debut
