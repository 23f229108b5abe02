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

std::string excerpt(std::string_view text, std::size_t max_chars) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  std::size_t shown = 0;
  for (; shown < text.size() && out.size() < max_chars; ++shown) {
    const auto c = static_cast<unsigned char>(text[shown]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
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
