# The Debian package end to end: builds it with CPack, checks its metadata and contents,
# unpacks it with dpkg -x into a scratch root and runs the installed programs from there
# (no build-tree paths: the bridge and the bundled samples must come from the package).
# cmake -DCPACK=cpack -DBUILD_DIR=... -DSOURCE_DIR=... -DSCRATCH=... -DVERSION=... -P test_package.cmake
cmake_minimum_required(VERSION 3.25)
foreach(v CPACK BUILD_DIR SOURCE_DIR SCRATCH VERSION)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "test_package: -D${v}= is required")
  endif()
endforeach()

# run(<output var> <command>...): runs a command, fails the test on a non-zero exit.
function(run out)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " cmd)
    message(FATAL_ERROR "test_package: '${cmd}' exited ${rc}\nstdout:\n${o}\nstderr:\n${e}")
  endif()
  set(${out} "${o}" PARENT_SCOPE)
endfunction()

function(expect haystack needle what)
  string(FIND "${haystack}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "test_package: ${what}: expected '${needle}' in:\n${haystack}")
  endif()
endfunction()

function(expect_equal actual expected what)
  if(NOT "${actual}" STREQUAL "${expected}")
    message(FATAL_ERROR "test_package: ${what}: expected '${expected}', got '${actual}'")
  endif()
endfunction()

file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}/home")

# 1. Build the package.
run(cpack_out ${CPACK} -G DEB -B "${SCRATCH}/cpack" --config "${BUILD_DIR}/CPackConfig.cmake")
file(GLOB debs "${SCRATCH}/cpack/medtune-workbench_*.deb")
list(LENGTH debs n)
expect_equal("${n}" 1 "number of .deb files written by cpack")
message(STATUS "package: ${debs}")

# 2. Metadata: name, version, section, and runtime dependencies only.
run(info dpkg-deb -I "${debs}")
expect("${info}" "Package: medtune-workbench" "dpkg-deb -I")
expect("${info}" "Version: ${VERSION}" "dpkg-deb -I")
expect("${info}" "Section: science" "dpkg-deb -I")
string(REGEX MATCH "\n Depends: [^\n]*" depends "${info}")
foreach(dep libqt6sql6-sqlite qt6-qpa-plugins libqt6widgets6 libqt6sql6 libtorch libsentencepiece0 libqcustomplot)
  expect("${depends}" "${dep}" "Depends")
endforeach()
if(depends MATCHES "-dev[ ,(]|-dev$")
  message(FATAL_ERROR "test_package: a -dev package in Depends:${depends}")
endif()

# 3. Contents.
run(contents dpkg-deb -c "${debs}")
foreach(f ./usr/bin/medtune ./usr/bin/medtune-cli /medtune/libmedtune_spm.so
          ./usr/share/applications/io.github.medtune.Workbench.desktop
          ./usr/share/metainfo/io.github.medtune.Workbench.metainfo.xml
          ./usr/share/icons/hicolor/scalable/apps/medtune.svg
          ./usr/share/icons/hicolor/16x16/apps/medtune.png ./usr/share/icons/hicolor/256x256/apps/medtune.png)
  expect("${contents}" "${f}" "dpkg-deb -c")
endforeach()

# 4. Unpack and run from the scratch root, with nothing pointing at the build tree.
set(root "${SCRATCH}/root")
run(ignored dpkg -x "${debs}" "${root}")
# No path of this machine's build or source tree may be compiled into what is installed.
foreach(f usr/bin/medtune usr/bin/medtune-cli usr/lib/medtune/libmedtune_spm.so)
  foreach(tree "${BUILD_DIR}" "${SOURCE_DIR}")
    file(STRINGS "${root}/${f}" hits LIMIT_COUNT 1 REGEX "${tree}/")
    if(hits)
      message(FATAL_ERROR "test_package: ${f} contains the path ${tree}: ${hits}")
    endif()
  endforeach()
endforeach()

set(env ${CMAKE_COMMAND} -E env --unset=MEDTUNE_SPM_BRIDGE --unset=LD_LIBRARY_PATH --unset=QT_QPA_PLATFORM
        --unset=DISPLAY --unset=WAYLAND_DISPLAY "HOME=${SCRATCH}/home" "XDG_DATA_HOME=${SCRATCH}/home/data"
        "XDG_CONFIG_HOME=${SCRATCH}/home/config")
set(cli ${env} "${root}/usr/bin/medtune-cli")
set(ws "${SCRATCH}/workspace")

run(out ${cli} --help)
expect("${out}" "Usage: medtune-cli" "medtune-cli --help")
expect("${out}" "import" "medtune-cli --help")
run(out ${cli} --version)
expect("${out}" "MedTune Workbench) ${VERSION}" "medtune-cli --version")
run(out ${env} "${root}/usr/bin/medtune" --version)
expect("${out}" "MedTune Workbench ${VERSION}" "medtune --version (no display)")
run(out ${env} "${root}/usr/bin/medtune" --help)
expect("${out}" "--workspace" "medtune --help (no display)")

# The installed bridge is the one in use.
run(out ${cli} --workspace "${ws}" info --json)
string(JSON bridge GET "${out}" tokenizer_bridge)
expect("${bridge}" "${root}/usr/lib" "bridge path")
string(JSON torch GET "${out}" libtorch)
string(JSON spm GET "${out}" sentencepiece)
message(STATUS "installed medtune-cli: libtorch ${torch}, SentencePiece ${spm}, bridge ${bridge}")

# The bundled samples (compiled in) import from the installed tree; the counts of the
# one-record-per-line files must equal their line counts in the source tree.
run(out ${cli} --workspace "${ws}" --threads 1 import --samples)
run(out ${cli} --workspace "${ws}" datasets --json)
string(JSON ndatasets LENGTH "${out}" datasets)
expect_equal("${ndatasets}" 9 "number of sample datasets")
set(expected_by_format "")
macro(line_count var)
  set(${var} 0)
  foreach(f ${ARGN})
    file(STRINGS "${SOURCE_DIR}/resources/samples/${f}" lines REGEX ".")
    list(LENGTH lines c)
    math(EXPR ${var} "${${var}} + ${c}")
  endforeach()
endmacro()
line_count(n_hf pubmedqa/pubmedqa_hf_sample.jsonl)
line_count(n_mcqa medmcqa/medmcqa_train_sample.jsonl medmcqa/medmcqa_test_sample.jsonl)
line_count(n_sum summarization/pubmed_summarization_sample.jsonl)
line_count(n_sp summarization/scientific_papers_sample.jsonl)
math(EXPR last "${ndatasets} - 1")
foreach(i RANGE ${last})
  string(JSON format GET "${out}" datasets ${i} formats 0)
  string(JSON examples GET "${out}" datasets ${i} examples)
  if(format STREQUAL "pubmedqa-hf")
    expect_equal("${examples}" "${n_hf}" "PubMedQA HF examples")
  elseif(format STREQUAL "medmcqa")
    expect_equal("${examples}" "${n_mcqa}" "MedMCQA examples")
  elseif(format STREQUAL "pubmed-summarization")
    expect_equal("${examples}" "${n_sum}" "PubMed summarization examples")
  elseif(format STREQUAL "scientific-papers")
    expect_equal("${examples}" "${n_sp}" "Scientific Papers examples")
  endif()
  if(examples LESS 1)
    message(FATAL_ERROR "test_package: dataset ${i} (${format}) is empty")
  endif()
endforeach()

# The bridge at work: train a tiny demo model (SentencePiece trainer + libtorch) on the
# bundled corpus, then tokenize with its tokenizer; the pieces must spell the text.
run(out ${cli} --threads 1 make-demo-model --out "${SCRATCH}/demo" --steps 2 --layers 1 --hidden 32
    --vocab-size 400 --json)
string(JSON vocab GET "${out}" vocab_size)
expect_equal("${vocab}" 400 "demo tokenizer vocabulary")
set(text "Aspirin inhibits platelet aggregation.")
run(out ${cli} tokenize --tokenizer "${SCRATCH}/demo/tokenizer.model" --json "${text}")
string(JSON count GET "${out}" count)
math(EXPR lastpiece "${count} - 1")
set(spelled "")
foreach(i RANGE ${lastpiece})
  string(JSON piece GET "${out}" pieces ${i})
  string(APPEND spelled "${piece}")
endforeach()
string(REPLACE "▁" " " spelled "${spelled}")
string(STRIP "${spelled}" spelled)
expect_equal("${spelled}" "${text}" "tokenized pieces joined")

# Desktop integration files validate where the validators are installed.
find_program(APPSTREAMCLI appstreamcli)
find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(APPSTREAMCLI)
  run(out ${APPSTREAMCLI} validate --no-net
      "${root}/usr/share/metainfo/io.github.medtune.Workbench.metainfo.xml")
else()
  message(STATUS "appstreamcli not installed: metainfo not validated")
endif()
if(DESKTOP_FILE_VALIDATE)
  run(out ${DESKTOP_FILE_VALIDATE} "${root}/usr/share/applications/io.github.medtune.Workbench.desktop")
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "test_package: desktop-file-validate:\n${out}")
  endif()
endif()
message(STATUS "package test passed")
