#pragma once
// Resource limits applied while reading and parsing client commands. Every
// limit is checked before the memory it guards is committed, so one
// connection can never hold more than these bounds allow (DESIGN.md, "Bad
// input and limits").
#include <cstddef>

namespace petrel::imap {

struct ReaderLimits {
  std::size_t max_line = 64 * 1024;             // bytes of one command line excluding literals
  std::size_t max_literal = 64 * 1024 * 1024;   // APPEND literals (APPENDLIMIT, RFC 7889)
  std::size_t max_other_literal = 1024 * 1024;  // literals of any other command
  std::size_t max_command = 128 * 1024 * 1024;  // whole command incl. all literals
  std::size_t max_depth = 64;                   // parenthesis / NOT / OR nesting
  std::size_t max_tag = 64;
  std::size_t max_sequence_ranges = 10000;  // comma-separated parts of one sequence-set
};

}  // namespace petrel::imap
