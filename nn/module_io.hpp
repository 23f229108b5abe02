// Model-file save/load for any network type Net that has a config() with architecture(),
// a static Config::from_architecture(), a constructor Net(config, rng) and Net::kKind.
#pragma once
#include <string>

#include "nn/model_file.hpp"

namespace sbi::nn {

template <class Net>
void save_module(Net& net, const std::string& path) {
  ModelArchive a;
  a.kind = Net::kKind;
  a.architecture = net.config().architecture().str();
  add_parameters(a, net.parameters());
  save_archive(path, a);
}

template <class Net>
Net load_module(const std::string& path) {
  const ModelArchive a = load_archive(path);
  if (a.kind != Net::kKind) require_architecture(a, Net::kKind, a.architecture);
  Rng rng(0);
  using Config = std::decay_t<decltype(std::declval<Net&>().config())>;
  Net net(Config::from_architecture(Architecture::parse(a.architecture)), rng);
  read_parameters(a, net.parameters());
  return net;
}

template <class Net>
void load_module_weights(Net& net, const std::string& path) {
  const ModelArchive a = load_archive(path);
  require_architecture(a, Net::kKind, net.config().architecture().str());
  read_parameters(a, net.parameters());
}

}  // namespace sbi::nn
