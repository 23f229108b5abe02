// Stages over ranks as one process sees them (the mpirun runs are tests/mpi/): items gathered in
// index order, an item's exception rethrown unchanged, RankLocalScope switching the current
// communicator to this rank alone, and outputs written by rank 0 (every process without MPI).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/atomic_file.hpp"
#include "core/communicator.hpp"
#include "core/errors.hpp"
#include "core/rank_split.hpp"

using namespace sbi;

TEST_CASE("gather_items_over_ranks returns every item's row in index order") {
  const MatrixD rows = gather_items_over_ranks(5, 3, [](Index i, double* row) {
    for (Index j = 0; j < 3; ++j) row[j] = 10.0 * double(i) + double(j);
  });
  REQUIRE(rows.rows() == 5);
  REQUIRE(rows.cols() == 3);
  for (Index i = 0; i < 5; ++i)
    for (Index j = 0; j < 3; ++j) CHECK(rows(i, j) == 10.0 * double(i) + double(j));
  CHECK(gather_items_over_ranks(0, 2, [](Index, double*) {}).rows() == 0);
}

TEST_CASE("gather_items_over_ranks rethrows an item's error") {
  CHECK_THROWS_WITH_AS(gather_items_over_ranks(4, 1, [](Index i, double* row) {
                         if (i == 2) throw ValueError("item 2 failed");
                         row[0] = double(i);
                       }),
                       "item 2 failed", ValueError);
  CHECK_THROWS_AS(gather_items_over_ranks(-1, 1, [](Index, double*) {}), ValueError);
}

TEST_CASE("items run on this rank alone: current() is self() inside the stage") {
  CHECK(&Communicator::current() == &Communicator::world());
  gather_items_over_ranks(2, 1, [](Index, double* row) {
    row[0] = Communicator::current().size();
    CHECK(&Communicator::current() == &Communicator::self());
  });
  {
    RankLocalScope alone;
    CHECK(Communicator::current().size() == 1);
    CHECK(Communicator::current().is_root());
  }
  CHECK(&Communicator::current() == &Communicator::world());
}

TEST_CASE("one process writes its outputs (it is rank 0), with or without EveryRankWritesScope") {
  REQUIRE(Communicator::world().is_root());
  CHECK(this_rank_writes_outputs());
  const std::string path = (std::filesystem::temp_directory_path() / "sbi_rank_split_test.txt").string();
  {
    EveryRankWritesScope every_rank;
    CHECK(this_rank_writes_outputs());
    write_file_atomically(path, [](std::ostream& out) { out << "rank 0\n"; });
  }
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "rank 0");
  std::filesystem::remove(path);
}
