#include "migrate/search_index.h"

namespace petrel::migrate {

Result<size_t> build_search_index(store::UserStore& user, Progress& progress,
                                  size_t per_transaction) {
  size_t done = 0;
  while (true) {
    auto left = user.index_backlog(per_transaction);
    if (!left) return left.error();
    if (*left == 0) return done;
    // `left` is an upper bound, so the count advances by the batch size.
    done += per_transaction;
    progress.advance(per_transaction);
  }
}

}  // namespace petrel::migrate
