// Atomic, checked output files (see atomic_file.hpp).
#include "core/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/communicator.hpp"
#include "core/errors.hpp"

namespace sbi {

namespace {

std::string parent_folder(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

std::string temporary_name(const std::string& path) {
  return path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
}

std::atomic<int> g_every_rank_writes{0};

}  // namespace

bool this_rank_writes_outputs() { return Communicator::world().is_root() || g_every_rank_writes.load() > 0; }

EveryRankWritesScope::EveryRankWritesScope() { ++g_every_rank_writes; }
EveryRankWritesScope::~EveryRankWritesScope() { --g_every_rank_writes; }

void check_output_path(const std::string& path) {
  if (path.empty()) throw IOError("empty output file name");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      throw IOError("'" + path + "' is a symbolic link; refusing to replace it (write to the file it names)");
    if (S_ISDIR(st.st_mode)) throw IOError("'" + path + "' is a folder, not a file");
    if (!S_ISREG(st.st_mode))
      throw IOError("'" + path + "' is not a regular file (a device, FIFO or socket); refusing to replace it");
  } else if (errno != ENOENT) {
    throw IOError("cannot write '" + path + "': " + std::strerror(errno));
  }
  const std::string folder = parent_folder(path);
  struct stat fst {};
  if (::stat(folder.c_str(), &fst) != 0 || !S_ISDIR(fst.st_mode))
    throw IOError("cannot write '" + path + "': folder '" + folder + "' does not exist");
}

void check_output_not_input(const std::string& output, const std::vector<std::string>& inputs,
                            const std::string& what) {
  struct stat out {};
  if (::stat(output.c_str(), &out) != 0) return;
  for (const std::string& input : inputs) {
    struct stat in {};
    if (!input.empty() && ::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
      throw IOError(what + " '" + output + "' is also the input '" + input +
                    "'; writing it would destroy the input: choose another output file");
  }
}

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& fill,
                           bool binary) {
  if (!this_rank_writes_outputs()) return;  // rank 0 writes (and refuses a bad target for all)
  check_output_path(path);
  const std::string tmp = temporary_name(path);
  try {
    {
      std::ofstream out(tmp, binary ? std::ios::binary | std::ios::trunc : std::ios::trunc);
      if (!out) throw IOError("cannot write '" + path + "': cannot create '" + tmp + "'");
      fill(out);
      out.flush();
      if (!out) throw IOError("error while writing '" + path + "' (disk full?)");
      out.close();
      if (out.fail()) throw IOError("error while closing '" + path + "' (disk full?)");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw IOError("cannot move '" + tmp + "' to '" + path + "': " + std::strerror(errno));
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace sbi
