# Helpers shared by every layer's CMakeLists.txt (after abseil's absl_cc_library / absl_cc_test).

# Flags every ismap target gets. Kept on targets, never global.
function(ismap_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(ISMAP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(ISMAP_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# ismap_add_library(NAME SRCS a.cpp ... DEPS lib ...)
# One library per layer; includes are rooted at src/ ("core/result.hpp").
function(ismap_add_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_BINARY_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  ismap_target_options(${name})
endfunction()

# ismap_add_test(NAME SRCS a_test.cpp ... DEPS lib ... LABELS unit ...)
# One test binary per layer: linking is the slow part on two cores.
function(ismap_add_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  ismap_target_options(${name})
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 60)
endfunction()

# ismap_embed_files(TARGET_SRC_VAR NAMESPACE ns FUNCTION fn BASE dir FILES f ...)
# Compiles files (SQL migrations, templates, messages, static assets) into the binary so that
# `ismap` runs from any directory without an install tree. Generates a .cpp defining
#   const std::vector<core::EmbeddedFile>& ns::fn();
# with the files in the order given, named by their path relative to BASE.
function(ismap_embed_files out_var)
  cmake_parse_arguments(ARG "" "NAMESPACE;FUNCTION;BASE" "FILES" ${ARGN})
  string(MAKE_C_IDENTIFIER "${ARG_NAMESPACE}_${ARG_FUNCTION}" stem)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${stem}_embedded.cpp")
  set(abs_files)
  foreach(f ${ARG_FILES})
    list(APPEND abs_files "${ARG_BASE}/${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE} -DFUNCTION=${ARG_FUNCTION}
            -DBASE=${ARG_BASE} "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${abs_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
