#pragma once
// The UIDs of a search's matches, for comparing answers in tests; a failed
// search fails the test and gives no UIDs.
#include <gtest/gtest.h>

#include <vector>

#include "search/search.h"

namespace petrel::search::testing {

inline std::vector<store::Uid> uids_of(Result<std::vector<Match>> r) {
  EXPECT_TRUE(r.ok()) << r.error().message;
  std::vector<store::Uid> out;
  if (r.ok()) {
    for (const auto& m : *r) out.push_back(m.uid);
  }
  return out;
}

}  // namespace petrel::search::testing
