# ctest gui_layering: src/gui talks to core only (DESIGN.md, "Layers"). It may see kube's
# plain value types (results, quantities, YAML, the loggers) but includes no client,
# discovery, access-review, watch or kubeconfig header, nothing of the sandbox, and
# previewdesk_gui does not link the sandbox (src/app starts it and hands its endpoint in).
#   cmake -DGUI_DIR=<src/gui> -DGUI_LINKS=<previewdesk_gui's LINK_LIBRARIES> -P CheckGuiLayering.cmake
set(forbidden "kube/(apiclient|apirequest|discovery|accessreview|watchstream|watcheventdecoder|kubeconfig[a-z_]*|credentialprovider|execcredentialprovider|retrypolicy)\\.h|sandbox/")
file(GLOB_RECURSE files "${GUI_DIR}/*.h" "${GUI_DIR}/*.cpp")
if(NOT files)
    message(FATAL_ERROR "no sources under ${GUI_DIR}")
endif()
set(found "")
foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<](${forbidden})")
    foreach(line IN LISTS lines)
        file(RELATIVE_PATH name "${GUI_DIR}" "${file}")
        string(APPEND found "\n  ${name}: ${line}")
    endforeach()
endforeach()
if(found)
    message(FATAL_ERROR "src/gui drives Kubernetes itself; go through core (Session, CloneSession, ContextCatalog):${found}")
endif()
if(GUI_LINKS MATCHES "previewdesk_sandbox")
    message(FATAL_ERROR "previewdesk_gui links previewdesk_sandbox (${GUI_LINKS}); src/app owns the demo sandbox")
endif()
list(LENGTH files count)
message(STATUS "src/gui: ${count} files, no forbidden include; links: ${GUI_LINKS}")
