// Names of the permutation schemes (see permutation_scheme.hpp).
#include "flows/permutation_scheme.hpp"

#include "core/errors.hpp"

namespace sbi::flows {

const char* permutation_scheme_name(PermutationScheme scheme) {
  switch (scheme) {
    case PermutationScheme::random: return "random";
    case PermutationScheme::reverse: return "reverse";
    case PermutationScheme::none: return "none";
  }
  return "random";
}

PermutationScheme permutation_scheme_from_name(const std::string& name) {
  for (auto s : {PermutationScheme::random, PermutationScheme::reverse, PermutationScheme::none})
    if (name == permutation_scheme_name(s)) return s;
  throw ValueError("permutation must be random, reverse or none, got '" + excerpt(name) + "'");
}

}  // namespace sbi::flows
