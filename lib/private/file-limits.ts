/**
 * The largest file paved reads: above etcd's request limit (one object of the largest size fits), far below what slows a
 * parser. Its own module, so that reading a tree's files loads no parser (a worker thread reads one side of a diff).
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
