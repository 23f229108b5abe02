// Shape and finiteness checks shared by the public entry points.
#include "core/errors.hpp"

#include <cmath>

namespace sbi {

void require_shape(std::string_view context, Index rows, Index cols, Index expected_rows,
                   Index expected_cols) {
  const bool rows_ok = expected_rows < 0 || rows == expected_rows;
  const bool cols_ok = expected_cols < 0 || cols == expected_cols;
  if (rows_ok && cols_ok) return;
  auto extent = [](Index n) { return n < 0 ? std::string("*") : std::to_string(n); };
  throw ShapeError(std::string(context) + ": expected shape " + extent(expected_rows) + "x" +
                   extent(expected_cols) + ", got " + shape_str(rows, cols));
}

template <class M>
static void require_finite_impl(const std::string& context, const M& m) {
  for (Index i = 0; i < m.rows(); ++i)
    for (Index j = 0; j < m.cols(); ++j)
      if (!std::isfinite(m(i, j)))
        throw ValueError(context + ": non-finite value " + std::to_string(m(i, j)) + " at row " +
                         std::to_string(i) + ", column " + std::to_string(j));
}

namespace {
// Length of the well-formed UTF-8 sequence starting at text[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xbf;  // the allowed range of the second byte
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) length = 3, low = lead == 0xe0 ? 0xa0 : 0x80, high = lead == 0xed ? 0x9f : 0xbf;
  else if (lead >= 0xf0 && lead <= 0xf4) length = 4, low = lead == 0xf0 ? 0x90 : 0x80, high = lead == 0xf4 ? 0x8f : 0xbf;
  else return 0;
  if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  return length;
}
}  // namespace

std::string excerpt(std::string_view text, std::size_t max_chars) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  std::size_t shown = 0;
  while (shown < text.size() && out.size() < max_chars) {
    const auto c = static_cast<unsigned char>(text[shown]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      ++shown;
    } else if (const std::size_t length = c >= 0x80 ? utf8_sequence_length(text, shown) : 0; length > 0) {
      out.append(text.substr(shown, length));  // a well-formed character such as θ or −
      shown += length;
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++shown;
    }
  }
  if (shown < text.size()) out += "... (" + std::to_string(text.size()) + " characters)";
  return out;
}

void require_finite(const std::string& context, const MatrixD& m) {
  require_finite_impl(context, m);
}
void require_finite(const std::string& context, const MatrixF& m) {
  require_finite_impl(context, m);
}

}  // namespace sbi
