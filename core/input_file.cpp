// Opening input files with clear errors (see input_file.hpp).
#include "core/input_file.hpp"

#include <filesystem>

#include "core/errors.hpp"

namespace sbi {

std::ifstream open_input_file(const std::string& path, const std::string& what, bool binary) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status))
    throw IOError("cannot open " + what + " '" + excerpt(path) + "': no such file");
  if (fs::is_directory(status))
    throw IOError("cannot open " + what + " '" + excerpt(path) + "': it is a folder, not a file");
  std::ifstream in(path, binary ? std::ios::binary : std::ios::in);
  if (!in) throw IOError("cannot open " + what + " '" + excerpt(path) + "': not readable");
  return in;
}

}  // namespace sbi
