/* CPU time of reading a 20 MB blob with sqlite3_blob_read in 1 MB pieces,
 * the way Petrel streams a large message, by where its pages are read from:
 *   0  the WAL (not yet checkpointed)
 *   1  the database file, with pread
 *   2  the database file, through a map kept open (PRAGMA mmap_size)
 *   3  the database file, mapped and unmapped around each read
 * Build and run (bench/RESULTS.md, "FETCH BODY[] of 20 MB through a memory map"):
 *   gcc -O2 bench/sqlite_blob_read.c -lsqlite3 -o /tmp/blob_read
 *   for m in 0 1 2 3; do /tmp/blob_read /tmp/blob_read.db $m; done */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s DB_PATH MODE(0-3)\n", argv[0]);
    return 2;
  }
  const char* path = argv[1];
  int mode = atoi(argv[2]);
  char name[4096];
  remove(path);
  snprintf(name, sizeof name, "%s-wal", path);
  remove(name);
  snprintf(name, sizeof name, "%s-shm", path);
  remove(name);
  sqlite3* db;
  if (sqlite3_open(path, &db) != SQLITE_OK) return 1;
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
               "CREATE TABLE c(id INTEGER PRIMARY KEY, data BLOB);",
               0, 0, 0);
  const int size = 20 * 1024 * 1024, piece = 1 << 20;
  char* bytes = malloc(size);
  for (int i = 0; i < size; i++) bytes[i] = (char)('a' + i % 26);
  sqlite3_stmt* insert;
  sqlite3_prepare_v2(db, "INSERT INTO c VALUES (1, ?)", -1, &insert, 0);
  sqlite3_bind_blob(insert, 1, bytes, size, SQLITE_STATIC);
  sqlite3_step(insert);
  sqlite3_finalize(insert);
  if (mode >= 1) sqlite3_wal_checkpoint_v2(db, 0, SQLITE_CHECKPOINT_TRUNCATE, 0, 0);
  sqlite3* reader;
  sqlite3_open(path, &reader);
  if (mode == 2) sqlite3_exec(reader, "PRAGMA mmap_size=1073741824", 0, 0, 0);
  char* out = malloc(piece);
  for (int round = 0; round < 6; round++) {
    double start = cpu_ms();
    if (mode == 3) sqlite3_exec(reader, "PRAGMA mmap_size=1073741824", 0, 0, 0);
    sqlite3_blob* blob;
    if (sqlite3_blob_open(reader, "main", "c", "data", 1, 0, &blob) != SQLITE_OK) return 1;
    for (int offset = 0; offset < size; offset += piece) sqlite3_blob_read(blob, out, piece, offset);
    sqlite3_blob_close(blob);
    if (mode == 3) sqlite3_exec(reader, "PRAGMA mmap_size=0", 0, 0, 0);
    printf("mode %d: %.2f ms CPU\n", mode, cpu_ms() - start);
  }
  return 0;
}
