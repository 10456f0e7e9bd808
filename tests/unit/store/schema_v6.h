#pragma once
// The SQL that turns a store of schema version 7 back into one of version 6,
// as the previous program left it: the columns of content_summary copied
// back into `content`, the table and its trigger dropped. Upgrade tests
// start from a store made by today's code and run this (then their own
// older steps) on its file.
namespace petrel::store::testing {

inline constexpr const char* kDowngradeToV6 = R"sql(
UPDATE content SET thread_id = s.thread_id, envelope = s.envelope, body = s.body,
  bodystructure = s.bodystructure, part_tree = s.part_tree, preview = s.preview
  FROM content_summary s WHERE s.content_id = content.id;
DROP TRIGGER content_summary_delete;
DROP TABLE content_summary;
PRAGMA user_version = 6;
)sql";

}  // namespace petrel::store::testing
