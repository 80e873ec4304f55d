# The register/spill check of the CUDA attention kernels (issue 3). Every CUDA compile of the
# library goes through capture_ptxas.cmake, which keeps ptxas's report (-Xptxas=-v) of each
# cuda/attention/*.cu in <build>/ptxas/<object>.log besides printing it in the build log. The ctest
# attention_cuda_spills (check_spills.cmake, no Python needed) prints registers, spills and static
# shared memory per kernel and architecture, and fails when a FLASH-path kernel spills.
if(GENKERN_WITH_CUDA)
  set(GENKERN_PTXAS_LOG_DIR ${CMAKE_BINARY_DIR}/ptxas)
  # Chain any launcher already configured (ccache, ...) after ours.
  get_target_property(genkern_previous_launcher genkern_objects CUDA_COMPILER_LAUNCHER)
  if(NOT genkern_previous_launcher)
    set(genkern_previous_launcher "")
  endif()
  set_property(TARGET genkern_objects PROPERTY CUDA_COMPILER_LAUNCHER
    ${CMAKE_COMMAND} -DGK_PTXAS_LOG_DIR=${GENKERN_PTXAS_LOG_DIR} -P ${CMAKE_CURRENT_LIST_DIR}/capture_ptxas.cmake --
    ${genkern_previous_launcher})
  find_program(GENKERN_CXXFILT c++filt)
  add_test(NAME attention_cuda_spills
    COMMAND ${CMAKE_COMMAND} -DGK_PTXAS_LOG_DIR=${GENKERN_PTXAS_LOG_DIR} -DGK_CXXFILT=${GENKERN_CXXFILT}
            -P ${CMAKE_CURRENT_LIST_DIR}/check_spills.cmake)
endif()
