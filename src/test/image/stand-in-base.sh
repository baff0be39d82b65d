#!/usr/bin/env bash
# Builds the stand-in for the Dockerfile's base image on machines that reach no image registry (ImageIT):
# Debian bookworm (minbase) with Debian's OpenJDK 17 JRE, libdeflate0 and ca-certificates, the JRE at
# /opt/java/openjdk as in the Temurin images, and their entrypoint contract at /__cacert_entrypoint.sh
# (cacert-entrypoint.sh beside this file). Writes a root filesystem tarball for `podman import`, which ImageIT
# runs with the Temurin image's JAVA_HOME, PATH and ENTRYPOINT (StandInBase.CONFIG) under the Dockerfile's FROM name.
# Needs root, debootstrap and the Debian mirror. Usage: stand-in-base.sh MIRROR OUT.tar
set -euo pipefail
mirror=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
rootfs=$(mktemp -d "$out.rootfs.XXXXXX")
chmod 0755 "$rootfs"   # apt downloads as _apt, which must reach the tree

# Unmount whatever is still mounted inside the tree (deepest first) before removing it, and never cross into a mount.
cleanup() {
  awk -v root="$rootfs" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount "$m" || umount -l "$m"
  done
  rm -rf --one-file-system "$rootfs" "$out.tmp"
}
trap cleanup EXIT

debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
mount -t proc proc "$rootfs/proc"
chroot "$rootfs" /bin/sh -ec '
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless libdeflate0 ca-certificates
  apt-get clean
  rm -rf /var/lib/apt/lists/*
  mkdir -p /opt/java
  ln -s "/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" /opt/java/openjdk
  /opt/java/openjdk/bin/java -version'
umount "$rootfs/proc"
install -m 0755 "$here/cacert-entrypoint.sh" "$rootfs/__cacert_entrypoint.sh"
# As in the Debian and Ubuntu images: apt keeps no package caches, so an image's apt-get layer holds only what it installs.
cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
rm -rf "$rootfs"/tmp/* "$rootfs"/var/log/apt/* "$rootfs"/var/cache/apt/*.bin
tar --numeric-owner -C "$rootfs" -cf "$out.tmp" .
mv "$out.tmp" "$out"
