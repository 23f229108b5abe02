// Model files: round trips with bit-identical outputs, and every corruption case (truncation,
// a flipped byte, wrong magic, wrong version, architecture mismatch) giving a clear error
// without touching the weights of the model being loaded into.
#include <filesystem>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/binary_io.hpp"
#include "core/errors.hpp"
#include "nn/mlp.hpp"
#include "nn/residual_net.hpp"
#include "nn/standardizer.hpp"
#include "nn_test_util.hpp"
#include "test_support.hpp"

using namespace sbi;
using namespace sbi::nn;

namespace {
std::string scratch(const std::string& name) { return (sbi::test::scratch_dir() / name).string(); }

std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

template <class Net>
MatrixF outputs(Net& net, const MatrixF& x) {
  ad::Tape tape;
  return net.forward(tape, tape.constant(x)).value();
}

// Expects an IOError whose message contains `fragment`.
template <class F>
void expect_io_error(F&& f, const std::string& fragment) {
  try {
    f();
    FAIL("no error for a case expecting '" << fragment << "'");
  } catch (const IOError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(fragment) != std::string::npos);
  }
}
}  // namespace

TEST_CASE("MLP and ResidualNet files round-trip with bit-identical outputs") {
  Rng rng(31);
  MLP mlp({3, {7, 5}, 2, Activation::Elu, Activation::Sigmoid}, rng);
  ResidualNet res({4, 1, 9, 3, 2, Activation::Silu, Activation::Softplus}, rng);
  const MatrixF x3 = sbi::test::random_matrix(rng, 20, 3);
  const MatrixF x4 = sbi::test::random_matrix(rng, 20, 4), c = sbi::test::random_matrix(rng, 20, 2);
  mlp.save(scratch("mlp.sbimodel"));
  res.save(scratch("res.sbimodel"));
  MLP mlp2 = MLP::load(scratch("mlp.sbimodel"));
  ResidualNet res2 = ResidualNet::load(scratch("res.sbimodel"));
  CHECK(mlp2.config().architecture().str() == mlp.config().architecture().str());
  CHECK(outputs(mlp, x3) == outputs(mlp2, x3));
  ad::Tape t1, t2;
  CHECK(MatrixF(res.forward(t1, t1.constant(x4), t1.constant(c)).value()) ==
        MatrixF(res2.forward(t2, t2.constant(x4), t2.constant(c)).value()));
  // load_weights into an existing network of the same architecture.
  Rng other(99);
  MLP mlp3({3, {7, 5}, 2, Activation::Elu, Activation::Sigmoid}, other);
  mlp3.load_weights(scratch("mlp.sbimodel"));
  CHECK(outputs(mlp3, x3) == outputs(mlp, x3));
}

TEST_CASE("Standardizer file round trip and generic archives with mixed types") {
  Rng rng(32);
  MatrixD x(50, 3);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal(2, 3);
  const Standardizer s = Standardizer::fit(x);
  s.save(scratch("std.sbimodel"));
  const Standardizer s2 = Standardizer::load(scratch("std.sbimodel"));
  CHECK(s2.mean() == s.mean());
  CHECK(s2.sd() == s.sd());
  // A composite: a standardizer and a network under prefixes in one archive.
  MLP net({3, {4}, 1}, rng);
  ModelArchive a;
  a.kind = "regressor";
  a.architecture = net.config().architecture().str();
  s.save_to(a, "standardizer.");
  add_parameters(a, net.parameters(), "net.");
  save_archive(scratch("composite.sbimodel"), a);
  const ModelArchive b = load_archive(scratch("composite.sbimodel"));
  MLP net2({3, {4}, 1}, rng);
  read_parameters(b, net2.parameters(), "net.");
  const Standardizer s3 = Standardizer::load_from(b, "standardizer.", 3);
  const MatrixF xf = s.transform(x).cast<float>();
  CHECK(outputs(net, xf) == outputs(net2, xf));
  CHECK(s3.sd() == s.sd());
}

TEST_CASE("corrupt, truncated and mismatched model files give clear errors") {
  Rng rng(33);
  MLP mlp({3, {6}, 2, Activation::Tanh}, rng);
  const std::string path = scratch("good.sbimodel");
  mlp.save(path);
  const std::vector<char> good = read_bytes(path);
  Rng rng2(34);
  MLP target({3, {6}, 2, Activation::Tanh}, rng2);
  const MatrixF before = target.parameters()[0].param->value;
  const std::string bad = scratch("bad.sbimodel");

  SUBCASE("truncated") {
    for (std::size_t keep : {std::size_t(0), std::size_t(5), std::size_t(20), good.size() / 2, good.size() - 1}) {
      write_bytes(bad, std::vector<char>(good.begin(), good.begin() + static_cast<long>(keep)));
      CHECK_THROWS_AS(target.load_weights(bad), IOError);
    }
  }
  SUBCASE("flipped byte anywhere") {
    for (std::size_t pos : {std::size_t(9), std::size_t(30), good.size() / 2, good.size() - 2}) {
      std::vector<char> bytes = good;
      bytes[pos] = static_cast<char>(bytes[pos] ^ 0x10);
      write_bytes(bad, bytes);
      CHECK_THROWS_AS(target.load_weights(bad), IOError);
    }
    std::vector<char> bytes = good;
    bytes[good.size() / 2] ^= 0x01;
    write_bytes(bad, bytes);
    expect_io_error([&] { MLP::load(bad); }, "checksum");
  }
  SUBCASE("wrong magic") {
    std::vector<char> bytes = good;
    bytes[0] = 'X';
    write_bytes(bad, bytes);
    expect_io_error([&] { target.load_weights(bad); }, "wrong magic");
    write_array(bad, MatrixD(MatrixD::Zero(2, 2)));  // a valid file of another kind
    expect_io_error([&] { MLP::load(bad); }, "wrong magic");
  }
  SUBCASE("wrong version") {
    BinaryWriter w;
    w.u32(kModelFormatVersion + 1);
    w.str("mlp");
    w.u64(0);
    w.save(bad, "SBIMODEL");
    expect_io_error([&] { target.load_weights(bad); }, "version");
  }
  SUBCASE("architecture mismatch") {
    MLP wider({3, {8}, 2, Activation::Tanh}, rng);
    wider.save(bad);
    expect_io_error([&] { target.load_weights(bad); }, "architecture mismatch");
    MLP relu({3, {6}, 2, Activation::Relu}, rng);
    relu.save(bad);
    expect_io_error([&] { target.load_weights(bad); }, "architecture mismatch");
    expect_io_error([&] { ResidualNet::load(path); }, "expected a 'residual_net'");
    // A file whose architecture string and tensors disagree.
    ModelArchive a;
    a.kind = "mlp";
    a.architecture = mlp.config().architecture().str();
    add_parameters(a, wider.parameters());
    save_archive(bad, a);
    expect_io_error([&] { MLP::load(bad); }, "expected 6x3");
    ModelArchive missing = a;
    missing.tensors.pop_back();
    save_archive(bad, missing);
    expect_io_error([&] { target.load_weights(bad); }, "architecture mismatch");
  }
  SUBCASE("non-finite weights") {
    ModelArchive a;
    a.kind = "mlp";
    a.architecture = mlp.config().architecture().str();
    add_parameters(a, mlp.parameters());
    a.tensors[1].f(0, 0) = NAN;
    save_archive(bad, a);
    expect_io_error([&] { target.load_weights(bad); }, "non-finite");
  }
  SUBCASE("missing file") { expect_io_error([&] { MLP::load(scratch("nope.sbimodel")); }, "cannot open"); }
  // Whatever failed, the target's weights are untouched.
  CHECK(target.parameters()[0].param->value == before);
}

TEST_CASE("model-file sizes are never taken on trust: architecture values and tensor shapes bounded") {
  // A valid checksum around a tensor header that asks for 237 GB: refused before allocating.
  ModelArchive archive;
  archive.kind = "mlp";
  archive.architecture = "in=2";
  archive.add("w", MatrixF::Ones(2, 2));
  const auto path = scratch("huge_tensor.sbi");
  save_archive(path, archive);
  std::vector<char> bytes = read_bytes(path);
  // Patch the rows field of tensor "w" (after magic, version, kind, architecture, count, name,
  // dtype) to 2^31 and recompute the checksum.
  const std::size_t rows_at = 8 + 4 + (8 + 3) + (8 + 4) + 8 + (8 + 1) + 4;
  const std::uint64_t rows = std::uint64_t(1) << 31;
  std::memcpy(bytes.data() + rows_at, &rows, sizeof rows);
  const std::uint32_t crc = crc32(bytes.data() + 8, bytes.size() - 12);
  std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  write_bytes(path, bytes);
  try {
    load_archive(path);
    FAIL("accepted a tensor larger than its file");
  } catch (const IOError& e) {
    CHECK(std::string(e.what()).find("bytes but only") != std::string::npos);
  }
  // Architecture values: out of range or not numbers give IOError naming the entry.
  CHECK_THROWS_WITH_AS(Architecture::parse("hidden=1000000000").get_int("hidden"),
                       doctest::Contains("hidden=1000000000 is out of range"), IOError);
  CHECK_THROWS_WITH_AS(Architecture::parse("tail_bound=x").get_double("tail_bound"),
                       doctest::Contains("tail_bound='x' is not a finite number"), IOError);
  CHECK_THROWS_WITH_AS(Architecture::parse("seed=-1").get_u64("seed"),
                       doctest::Contains("seed='-1' is not an unsigned integer"), IOError);
  // A width that would allocate gigabytes is refused by the network itself.
  MLPSettings wide;
  wide.in = 2;
  wide.out = 1;
  wide.hidden = {100000};
  Rng rng(1, 0);
  CHECK_THROWS_AS(MLP(wide, rng), ValueError);
}
