// How a flow orders the features between its autoregressive layers (EstimatorSettings::
// permutation): random (sbi's draws), reverse (alternating orders, as nflows' and zuko's MAF),
// none. The names are the spelling of flags and model files.
#pragma once
#include <string>

namespace sbi::flows {

enum class PermutationScheme { random, reverse, none };

const char* permutation_scheme_name(PermutationScheme scheme);
// ValueError "permutation must be random, reverse or none, got '<name>'" for any other name.
PermutationScheme permutation_scheme_from_name(const std::string& name);

}  // namespace sbi::flows
