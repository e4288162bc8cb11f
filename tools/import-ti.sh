#!/bin/sh
# Rebuild a whole data folder from TI's model-zoo task pages (`make import` runs it on data/).
#
#   tools/import-ti.sh [OUT]          OUT defaults to data/ beside this folder
#
# Image Classification comes from the seed page (tests/fixtures/seed/README.md), with the anchors of TI's
# current page (tests/fixtures/ti-zoo/readmes/classification.md, e.g. #edgeai-torchvision) kept working too;
# the six other tasks come from TI's pages under tests/fixtures/ti-zoo/readmes/, copied unchanged from TI's
# repository. Each page is imported with `modelzoo import` into a fresh folder, in TI's order, with its
# ./relative links resolved under its own folder of TI's repository, and TI's licence notice
# (tests/fixtures/ti-zoo/LICENSE.md) is kept as NOTICE.md. Then TI's device files (accuracy report,
# artifact lists) with `modelzoo import-devices` (tools/ti-devices.yaml says what they are). OUT is replaced only when every import
# succeeded; on an error it is left as it was. MODELZOO overrides the command (default .venv/bin/modelzoo).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/data"}
modelzoo=${MODELZOO:-"$root/.venv/bin/modelzoo"}
pages="$root/tests/fixtures/ti-zoo/readmes"
base="https://github.com/TexasInstruments/edgeai-tensorlab/tree/main/edgeai-modelzoo/models/vision"

parent=$(dirname "$out")
mkdir -p "$parent"
work=$(mktemp -d "$parent/.import-ti.XXXXXX")
trap 'rm -rf "$work"' EXIT
new="$work/data"

# page, task id, order, TI's folder of the task, then any other options
import() {
    page=$1 task=$2 order=$3 folder=$4
    shift 4
    echo "== $task"
    $modelzoo import "$page" --out "$new" --task-id "$task" --order "$order" \
        --links-base "$base/$folder/" --notice "$root/tests/fixtures/ti-zoo/LICENSE.md" "$@"
}

import "$root/tests/fixtures/seed/README.md" image-classification 1 classification \
    --anchors-from "$pages/classification.md"
import "$pages/detection.md" object-detection 2 detection
import "$pages/segmentation.md" semantic-segmentation 3 segmentation
import "$pages/keypoint.md" keypoint-detection 4 keypoint --title "Keypoint Detection"
import "$pages/depth_estimation.md" depth-estimation 5 depth_estimation
import "$pages/detection_3d.md" object-detection-3d 6 detection_3d
import "$pages/object_6d_pose.md" object-6d-pose 7 object_6d_pose --title "6D Pose Estimation"

# TI's accuracy report and artifact lists (tests/fixtures/ti-zoo/devices/), with the zoo rows' model ids
# from the reviewed mapping tools/ti-model-ids.csv (`modelzoo propose-ids` proposes one; a person decides).
echo "== devices"
$modelzoo import-devices "$root/tools/ti-devices.yaml" --from "$root/tests/fixtures/ti-zoo/devices" \
    --model-ids "$root/tools/ti-model-ids.csv" --out "$new"

rm -rf "$out"
mv "$new" "$out"
echo "== rebuilt $out"
