// A small stand-in for libFuzzer, so the fuzz targets are also built by the ordinary (g++) build
// that runs the tests: every seed of the corpus is fed to LLVMFuzzerTestOneInput, then random
// mutations of the seeds for a fixed time. No coverage guidance and no sanitizers (scripts/fuzz.sh
// runs the real libFuzzer with ASan + UBSan for the long runs); what it catches here is a crash,
// an exception other than sbi's own errors (std::terminate), or a hang (CTest's timeout).
//   fuzz_<name> [--seconds S] [--seed N] CORPUS_DIR...
// Mutations: flip, insert, delete or overwrite bytes; insert a token that loaders treat
// specially (numbers at the edges of double, separators, "nan"); truncate; splice two seeds.
// The mutation stream is seeded (default 1), so a failing run reproduces.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

const char* const kTokens[] = {"nan", "inf", "-inf", "1e308", "-1e308", "1e-320", "0", "-0", "1e20",
                               "9223372036854775807", "18446744073709551616", ",", "\n", "\r\n", "\"",
                               "#", "=", ";", "{", "}", "[", "]", ":", "null", "true", "1e300"};

std::vector<Bytes> read_corpus(const std::vector<std::string>& folders) {
  std::vector<Bytes> seeds;
  for (const auto& folder : folders) {
    if (!std::filesystem::is_directory(folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  if (seeds.empty()) seeds.emplace_back();
  return seeds;
}

Bytes mutate(const std::vector<Bytes>& seeds, std::mt19937_64& rng) {
  auto pick = [&](std::size_t n) { return n == 0 ? std::size_t(0) : static_cast<std::size_t>(rng() % n); };
  Bytes b = seeds[pick(seeds.size())];
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = pick(b.size() + 1);
    switch (rng() % 7) {
      case 0: if (!b.empty()) b[pick(b.size())] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
      case 1: b.insert(b.begin() + static_cast<long>(at), static_cast<std::uint8_t>(rng())); break;
      case 2: if (at < b.size()) b.erase(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + pick(b.size() - at) + 1)); break;
      case 3: if (!b.empty()) b[pick(b.size())] = static_cast<std::uint8_t>(rng()); break;
      case 4: {
        const std::string token = kTokens[pick(std::size(kTokens))];
        b.insert(b.begin() + static_cast<long>(at), token.begin(), token.end());
        break;
      }
      case 5: b.resize(at); break;
      default: {
        const Bytes& other = seeds[pick(seeds.size())];
        const std::size_t from = pick(other.size() + 1);
        b.resize(at);
        b.insert(b.end(), other.begin() + static_cast<long>(from), other.end());
      }
    }
  }
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 10;
  std::uint64_t seed = 1;
  std::vector<std::string> folders;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) seconds = std::atof(argv[++i]);
    else if (arg == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else folders.push_back(arg);
  }
  const std::vector<Bytes> seeds = read_corpus(folders);
  for (const Bytes& s : seeds) LLVMFuzzerTestOneInput(s.data(), s.size());
  std::mt19937_64 rng(seed);
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long long runs = 0;
  while (std::chrono::steady_clock::now() < end) {
    const Bytes input = mutate(seeds, rng);
    LLVMFuzzerTestOneInput(input.data(), input.size());
    ++runs;
  }
  std::printf("fuzz replay: %zu seeds and %lld mutated inputs, no crash\n", seeds.size(), runs);
  return 0;
}
