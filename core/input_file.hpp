// Opening input files with clear errors. Every reader of a user-given file (CSV, binary
// containers, model files, recordings, JSON configs) opens it here, so a missing file, a folder
// or an unreadable file is refused with an IOError naming the path and the kind of file, instead
// of the stream error "basic_filebuf::underflow ... Is a directory" it would otherwise end in.
#pragma once
#include <fstream>
#include <string>

namespace sbi {

// An open stream on `path`; IOError "cannot open <what> '<path>': <reason>" otherwise.
std::ifstream open_input_file(const std::string& path, const std::string& what, bool binary = false);

}  // namespace sbi
