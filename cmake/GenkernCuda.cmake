# Decides whether the CUDA backend is built (GENKERN_WITH_CUDA) and how CUDA targets are compiled.
include(CheckLanguage)

set(GENKERN_WITH_CUDA OFF)
if(NOT GENKERN_CUDA STREQUAL "OFF")
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # sm_80 and sm_90 SASS, plus compute_90 PTX for newer parts.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      set(CMAKE_CUDA_ARCHITECTURES "80-real;90-real;90-virtual")
    endif()
    enable_language(CUDA)
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    set(GENKERN_WITH_CUDA ON)
    message(STATUS "genkern: CUDA backend ON (nvcc ${CMAKE_CUDA_COMPILER_VERSION}, archs ${CMAKE_CUDA_ARCHITECTURES})")
  elseif(GENKERN_CUDA STREQUAL "ON")
    message(FATAL_ERROR "GENKERN_CUDA=ON but no CUDA compiler (nvcc) was found")
  else()
    message(STATUS "genkern: nvcc not found, building the CPU backend only")
  endif()
else()
  message(STATUS "genkern: CUDA backend OFF (GENKERN_CUDA=OFF), CPU-only build")
endif()

# Static CUDA runtime (the library then needs only libc/libstdc++ and loads without a driver);
# ptxas prints registers and spills per kernel, which the spill check reads from the build log.
function(genkern_configure_cuda_target target)
  set_target_properties(${target} PROPERTIES CUDA_RUNTIME_LIBRARY Static CUDA_SEPARABLE_COMPILATION OFF)
  target_compile_definitions(${target} PRIVATE GENKERN_WITH_CUDA=1)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr -Xptxas=-v -lineinfo -Xcompiler=-fvisibility=hidden>)
endfunction()
