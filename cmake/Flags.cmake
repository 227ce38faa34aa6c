# Warning and hardening flags of STYLE.md.
set(CONTRAST_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wcast-qual -Wwrite-strings -Wconversion
  -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes -Wold-style-definition
  -Wvla -Wswitch-enum -Wimplicit-fallthrough -Wnull-dereference)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  list(APPEND CONTRAST_WARNINGS -Wlogical-op -Wduplicated-cond)
endif()
if(CONTRAST_WERROR)
  list(APPEND CONTRAST_WARNINGS -Werror)
endif()
add_compile_options(${CONTRAST_WARNINGS})
add_compile_definitions(_GNU_SOURCE)

if(CONTRAST_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
elseif(NOT CONTRAST_FUZZ)
  # Hardening (release and default builds); sanitizer builds skip FORTIFY.
  # Position independence comes from CMAKE_POSITION_INDEPENDENT_CODE: -fPIE
  # for executables, -fPIC for libraries (the sim's LD_PRELOAD library is a
  # shared object built from the static libraries); -pie links executables
  # only.
  add_compile_options(-fstack-protector-strong)
  if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
    add_compile_options(-D_FORTIFY_SOURCE=2)
  endif()
  add_link_options($<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-pie>
                   -Wl,-z,relro,-z,now,-z,noexecstack)
endif()

if(CONTRAST_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CONTRAST_FUZZ needs clang (CC=clang)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(CONTRAST_COVERAGE)
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()
