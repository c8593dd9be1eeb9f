#!/usr/bin/env bash
# Prints the path of a tcmalloc (gperftools' minimal build) for the launchers to preload, or nothing.
# Why: libtorch allocates and frees tensors of megabytes every step; glibc's malloc hands them back to the kernel and
# page-faults them in again, which made training 1.4x (batch 64) to 5.7x (batch 256) slower here (docs/benchmarks.md,
# step profile). tcmalloc keeps the memory. Looks for SDR_TCMALLOC (a file, or "off"), the system's library, then
# a copy in ~/.cache/sdr/lib; failing those, takes Debian's libtcmalloc-minimal4 once with apt-get download (no root
# needed when the package lists exist). Any failure prints a note on stderr and nothing on stdout: the caller then
# runs without it.
set -uo pipefail
note() { echo "sdr: $*; training runs without tcmalloc (slower: see docs/benchmarks.md)" >&2; }
case "${SDR_TCMALLOC:-}" in
  off) exit 0 ;;
  "") ;;
  *) if [ -f "$SDR_TCMALLOC" ]; then echo "$SDR_TCMALLOC"; else note "SDR_TCMALLOC=$SDR_TCMALLOC is not a file"; fi; exit 0 ;;
esac
system=$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null | awk '/libtcmalloc_minimal\.so\.4 /{print $NF; exit}')
if [ -n "$system" ] && [ -f "$system" ]; then echo "$system"; exit 0; fi
for f in /usr/lib/*/libtcmalloc_minimal.so.4 /usr/lib64/libtcmalloc_minimal.so.4 /usr/lib/libtcmalloc_minimal.so.4; do
  if [ -f "$f" ]; then echo "$f"; exit 0; fi
done
lib="${XDG_CACHE_HOME:-$HOME/.cache}/sdr/lib"
if [ -f "$lib/libtcmalloc_minimal.so.4" ]; then echo "$lib/libtcmalloc_minimal.so.4"; exit 0; fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { note "no libtcmalloc-minimal4 and no apt-get to fetch it"; exit 0; }
tmp=$(mktemp -d) || exit 0
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root libtcmalloc-minimal4 >/dev/null 2>&1); then
  note "apt-get download libtcmalloc-minimal4 failed (install it with apt-get install libtcmalloc-minimal4)"; exit 0
fi
dpkg-deb -x "$tmp"/libtcmalloc-minimal4_*.deb "$tmp/x" 2>/dev/null || { note "cannot unpack libtcmalloc-minimal4"; exit 0; }
found=$(find "$tmp/x" -name 'libtcmalloc_minimal.so.4.*' -type f | head -n 1)
[ -n "$found" ] || { note "libtcmalloc-minimal4 holds no libtcmalloc_minimal.so.4"; exit 0; }
mkdir -p "$lib" && cp "$found" "$lib/.tcmalloc.tmp.$$" && mv -f "$lib/.tcmalloc.tmp.$$" "$lib/libtcmalloc_minimal.so.4" \
  || { rm -f "$lib/.tcmalloc.tmp.$$"; note "cannot write $lib"; exit 0; }
echo "sdr: tcmalloc from Debian's libtcmalloc-minimal4 in $lib (once)" >&2
echo "$lib/libtcmalloc_minimal.so.4"
