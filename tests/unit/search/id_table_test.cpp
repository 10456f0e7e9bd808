// IdTable: THREAD's flat map from message-ids to containers.
#include "search/id_table.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace petrel::search {
namespace {

TEST(IdTable, FindsWhatWasInsertedAndOnlyThat) {
  IdTable<int> table(4);
  bool fresh = false;
  table.find_or_insert("a@x", fresh) = 1;
  EXPECT_TRUE(fresh);
  EXPECT_EQ(table.find_or_insert("a@x", fresh), 1);
  EXPECT_FALSE(fresh);
  EXPECT_EQ(table.find("b@x"), nullptr);
  EXPECT_EQ(table.find(""), nullptr);
  table.find_or_insert("", fresh) = 7;  // the empty id is a key like any other
  EXPECT_TRUE(fresh);
  ASSERT_NE(table.find(""), nullptr);
  EXPECT_EQ(*table.find(""), 7);
  EXPECT_EQ(table.size(), 2u);
}

TEST(IdTable, GrowsPastItsFirstSizeAndKeepsEveryValue) {
  // The keys outlive the table (reserved: the strings never move); many
  // are inserted twice.
  std::vector<std::string> keys;
  keys.reserve(5000);
  for (int i = 0; i < 5000; ++i) keys.push_back("id" + std::to_string(i * 7919 % 3000) + "@x");
  IdTable<int> table(2);  // grows many times
  std::map<std::string, int> oracle;
  for (size_t i = 0; i < keys.size(); ++i) {
    bool fresh = false;
    int& v = table.find_or_insert(keys[i], fresh);
    EXPECT_EQ(fresh, !oracle.count(keys[i]));
    if (fresh) v = static_cast<int>(i);
    oracle.emplace(keys[i], static_cast<int>(i));
  }
  EXPECT_EQ(table.size(), oracle.size());
  for (const auto& [key, value] : oracle) {
    ASSERT_NE(table.find(key), nullptr) << key;
    EXPECT_EQ(*table.find(key), value);
  }
  EXPECT_EQ(table.find("id3000@x"), nullptr);
}

}  // namespace
}  // namespace petrel::search
