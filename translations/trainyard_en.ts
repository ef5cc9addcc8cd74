<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ArtifactCopyJob</name>
    <message>
        <source>canceled</source>
        <translation>canceled</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Copying</source>
        <translation>Copying</translation>
    </message>
    <message>
        <source>Copy progress</source>
        <translation>Copy progress</translation>
    </message>
    <message>
        <source>cannot write into %1</source>
        <translation>cannot write into %1</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>cannot replace %1</translation>
    </message>
</context>
<context>
    <name>ArtifactPreview</name>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Previewed file</source>
        <translation>Previewed file</translation>
    </message>
    <message>
        <source>Show as Text</source>
        <translation>Show as Text</translation>
    </message>
    <message>
        <source>File text</source>
        <translation>File text</translation>
    </message>
    <message>
        <source>JSON tree</source>
        <translation>JSON tree</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>Diff</translation>
    </message>
    <message>
        <source>Select a file to preview it.</source>
        <translation>Select a file to preview it.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Loading %1…</translation>
    </message>
    <message>
        <source>The file is not on this machine.</source>
        <translation>The file is not on this machine.</translation>
    </message>
    <message>
        <source>%1 does not exist (any more).</source>
        <translation>%1 does not exist (any more).</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at byte %2)</source>
        <translation>not valid JSON (%1 at byte %2)</translation>
    </message>
    <message>
        <source>%1 is a folder.</source>
        <translation>%1 is a folder.</translation>
    </message>
    <message>
        <source>Cannot preview %1: %2</source>
        <translation>Cannot preview %1: %2</translation>
    </message>
    <message>
        <source>too big for the JSON tree</source>
        <translation>too big for the JSON tree</translation>
    </message>
    <message>
        <source>%1 is %2, more than the JSON tree shows (%3). Its text can be shown instead.</source>
        <translation>%1 is %2, more than the JSON tree shows (%3). Its text can be shown instead.</translation>
    </message>
    <message>
        <source>%1, shown as text</source>
        <translation>%1, shown as text</translation>
    </message>
    <message numerus="yes">
        <source>array of %n item(s)</source>
        <translation>
            <numerusform>array of %n item</numerusform>
            <numerusform>array of %n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>object of %n key(s)</source>
        <translation>
            <numerusform>object of %n key</numerusform>
            <numerusform>object of %n keys</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>its first %1 shown</source>
        <translation>its first %1 shown</translation>
    </message>
    <message>
        <source>No preview for this file type (%1).</source>
        <translation>No preview for this file type (%1).</translation>
    </message>
</context>
<context>
    <name>ArtifactsBrowser</name>
    <message>
        <source>cannot write the snapshot copy %1</source>
        <translation>cannot write the snapshot copy %1</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artifacts</translation>
    </message>
    <message>
        <source>Run files</source>
        <translation>Run files</translation>
    </message>
    <message>
        <source>Artifacts status</source>
        <translation>Artifacts status</translation>
    </message>
    <message>
        <source>Select a file to preview it.</source>
        <translation>Select a file to preview it.</translation>
    </message>
    <message>
        <source>Run %1 is not in this workspace.</source>
        <translation>Run %1 is not in this workspace.</translation>
    </message>
    <message>
        <source>The code snapshot cannot be read: %1</source>
        <translation>The code snapshot cannot be read: %1</translation>
    </message>
    <message>
        <source>Download %1 to</source>
        <translation>Download %1 to</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>Replace?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with %2 of run %3?</source>
        <translation>%1 already exists. Replace it with %2 of run %3?</translation>
    </message>
    <message>
        <source>Not downloaded: %1 already exists.</source>
        <translation>Not downloaded: %1 already exists.</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>Downloading %1…</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2</source>
        <translation>Downloaded %1 to %2</translation>
    </message>
    <message>
        <source>Download of %1 failed: %2</source>
        <translation>Download of %1 failed: %2</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>Download failed</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder to open the file from.</source>
        <translation>Cannot create a temporary folder to open the file from.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>Opened a copy of %1</source>
        <translation>Opened a copy of %1</translation>
    </message>
    <message>
        <source>No application opened %1; a copy is at %2</source>
        <translation>No application opened %1; a copy is at %2</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>Copied %1</translation>
    </message>
    <message>
        <source>Register as Model</source>
        <translation>Register as Model</translation>
    </message>
    <message>
        <source>Only files and folders under outputs/ of a finished run can be registered.</source>
        <translation>Only files and folders under outputs/ of a finished run can be registered.</translation>
    </message>
    <message>
        <source>Registration failed: %1</source>
        <translation>Registration failed: %1</translation>
    </message>
    <message>
        <source>Cannot register %1: %2</source>
        <translation>Cannot register %1: %2</translation>
    </message>
    <message>
        <source>Registered %1 version %2</source>
        <translation>Registered %1 version %2</translation>
    </message>
    <message>
        <source>Model registered</source>
        <translation>Model registered</translation>
    </message>
    <message>
        <source>Registering %1 as %2…</source>
        <translation>Registering %1 as %2…</translation>
    </message>
    <message>
        <source>Artifact actions</source>
        <translation>Artifact actions</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Download…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Copy &amp;Path</source>
        <translation>Copy &amp;Path</translation>
    </message>
    <message>
        <source>&amp;Register as Model…</source>
        <translation>&amp;Register as Model…</translation>
    </message>
    <message>
        <source>Models can be registered once the run has finished.</source>
        <translation>Models can be registered once the run has finished.</translation>
    </message>
    <message>
        <source>%1 is a folder.</source>
        <translation>%1 is a folder.</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder for the snapshot.</source>
        <translation>Cannot create a temporary folder for the snapshot.</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <source>Compare runs</source>
        <translation>Compare runs</translation>
    </message>
    <message>
        <source>Comparing</source>
        <translation>Comparing</translation>
    </message>
    <message>
        <source>Compare views</source>
        <translation>Compare views</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Parallel coordinates of the compared runs</source>
        <translation>Parallel coordinates of the compared runs</translation>
    </message>
    <message>
        <source>Scatter of the compared runs</source>
        <translation>Scatter of the compared runs</translation>
    </message>
    <message>
        <source>Parallel Coordinates</source>
        <translation>Parallel Coordinates</translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation>Scatter</translation>
    </message>
    <message>
        <source>No comparison open. Select two or more runs and press Compare (%1).</source>
        <translation>No comparison open. Select two or more runs and press Compare (%1).</translation>
    </message>
    <message>
        <source>Differences only</source>
        <translation>Differences only</translation>
    </message>
    <message>
        <source>Hide the rows where every run has the same value</source>
        <translation>Hide the rows where every run has the same value</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparison</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Compare the code of</source>
        <translation>Compare the code of</translation>
    </message>
    <message>
        <source>with the code of</source>
        <translation>with the code of</translation>
    </message>
    <message>
        <source>Code of</source>
        <translation>Code of</translation>
    </message>
    <message>
        <source>against</source>
        <translation>against</translation>
    </message>
    <message>
        <source>Changed files</source>
        <translation>Changed files</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>File diff</source>
        <translation>File diff</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n run(s)…</source>
        <translation>
            <numerusform>Comparing %n run…</numerusform>
            <numerusform>Comparing %n runs…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Cannot compare: %1</translation>
    </message>
    <message>
        <source>Axes…</source>
        <translation>Axes…</translation>
    </message>
    <message>
        <source>Choose the columns drawn as axes</source>
        <translation>Choose the columns drawn as axes</translation>
    </message>
    <message>
        <source>Reading the snapshots…</source>
        <translation>Reading the snapshots…</translation>
    </message>
    <message>
        <source>Cannot compare the code: %1</source>
        <translation>Cannot compare the code: %1</translation>
    </message>
    <message>
        <source>The two runs ran the same code.</source>
        <translation>The two runs ran the same code.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed.</source>
        <translation>
            <numerusform>%n file changed.</numerusform>
            <numerusform>%n files changed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot show the diff: %1</source>
        <translation>Cannot show the diff: %1</translation>
    </message>
    <message>
        <source>%1 is a binary file: its contents differ.</source>
        <translation>%1 is a binary file: its contents differ.</translation>
    </message>
    <message>
        <source>%1 is too large to show its diff (over %2 MiB).</source>
        <translation>%1 is too large to show its diff (over %2 MiB).</translation>
    </message>
    <message>
        <source>(Too many changes to match line by line: the changed part is shown removed and added whole.)
</source>
        <translation>(Too many changes to match line by line: the changed part is shown removed and added whole.)
</translation>
    </message>
</context>
<context>
    <name>ComparisonTableModel</name>
    <message>
        <source>not recorded for this run</source>
        <translation>not recorded for this run</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
</context>
<context>
    <name>CsvPreviewModel</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>1 row</source>
        <translation>1 row</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 rows</translation>
    </message>
    <message>
        <source>first %1 of %2 rows</source>
        <translation>first %1 of %2 rows</translation>
    </message>
    <message>
        <source>first %1 rows</source>
        <translation>first %1 rows</translation>
    </message>
</context>
<context>
    <name>DatasetNameDialog</name>
    <message>
        <source>Register Dataset</source>
        <translation>Register Dataset</translation>
    </message>
    <message>
        <source>Register dataset</source>
        <translation>Register dataset</translation>
    </message>
    <message>
        <source>Dataset path</source>
        <translation>Dataset path</translation>
    </message>
    <message>
        <source>Dataset name</source>
        <translation>Dataset name</translation>
    </message>
    <message>
        <source>Dataset description</source>
        <translation>Dataset description</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>Path:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>Enter a dataset name.</source>
        <translation>Enter a dataset name.</translation>
    </message>
    <message>
        <source>The name must be 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>The name must be 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</translation>
    </message>
</context>
<context>
    <name>DatasetsModel</name>
    <message>
        <source>version %1</source>
        <translation>version %1</translation>
    </message>
    <message numerus="yes">
        <source>%n version(s), newest %1</source>
        <translation>
            <numerusform>%n version, newest %1</numerusform>
            <numerusform>%n versions, newest %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Use in script parameters as {dataset: %1}</source>
        <translation>Use in script parameters as {dataset: %1}</translation>
    </message>
    <message>
        <source>Use in script parameters as {dataset: %1:%2}</source>
        <translation>Use in script parameters as {dataset: %1:%2}</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Path</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
</context>
<context>
    <name>DatasetsPage</name>
    <message>
        <source>Datasets</source>
        <translation>Datasets</translation>
    </message>
    <message>
        <source>Registered datasets</source>
        <translation>Registered datasets</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Refresh datasets</source>
        <translation>Refresh datasets</translation>
    </message>
    <message>
        <source>Register &amp;Folder…</source>
        <translation>Register &amp;Folder…</translation>
    </message>
    <message>
        <source>Register a folder as a dataset</source>
        <translation>Register a folder as a dataset</translation>
    </message>
    <message>
        <source>Register F&amp;ile…</source>
        <translation>Register F&amp;ile…</translation>
    </message>
    <message>
        <source>Register a file as a dataset</source>
        <translation>Register a file as a dataset</translation>
    </message>
    <message>
        <source>Drop a folder or file here to register it as a dataset.</source>
        <translation>Drop a folder or file here to register it as a dataset.</translation>
    </message>
    <message>
        <source>Drop hint</source>
        <translation>Drop hint</translation>
    </message>
    <message>
        <source>Datasets status</source>
        <translation>Datasets status</translation>
    </message>
    <message>
        <source>Cannot register %1: %2</source>
        <translation>Cannot register %1: %2</translation>
    </message>
    <message>
        <source>Register dataset</source>
        <translation>Register dataset</translation>
    </message>
    <message>
        <source>Registered dataset %1 version %2</source>
        <translation>Registered dataset %1 version %2</translation>
    </message>
    <message>
        <source>Registering %1 (measuring its size)…</source>
        <translation>Registering %1 (measuring its size)…</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 does not exist.</translation>
    </message>
    <message>
        <source>Several items were dropped; registering the first, %1.</source>
        <translation>Several items were dropped; registering the first, %1.</translation>
    </message>
</context>
<context>
    <name>EnvironmentsModel</name>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>%1 on %2, python %3 at %4</source>
        <translation>%1 on %2, python %3 at %4</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Packages</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Last used</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
</context>
<context>
    <name>EnvironmentsPage</name>
    <message>
        <source>Environments</source>
        <translation>Environments</translation>
    </message>
    <message>
        <source>Built environments</source>
        <translation>Built environments</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Refresh environments</source>
        <translation>Refresh environments</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>Re&amp;move…</translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation>Remove environment</translation>
    </message>
    <message>
        <source>Delete the selected environment on its target; refused while a live run uses it</source>
        <translation>Delete the selected environment on its target; refused while a live run uses it</translation>
    </message>
    <message>
        <source>&amp;Prune…</source>
        <translation>&amp;Prune…</translation>
    </message>
    <message>
        <source>Prune environments</source>
        <translation>Prune environments</translation>
    </message>
    <message>
        <source>Remove the environments no run used for some days</source>
        <translation>Remove the environments no run used for some days</translation>
    </message>
    <message>
        <source>Registry &amp;logins…</source>
        <translation>Registry &amp;logins…</translation>
    </message>
    <message>
        <source>Log in to private container registries that custom_docker_image pulls from</source>
        <translation>Log in to private container registries that custom_docker_image pulls from</translation>
    </message>
    <message>
        <source>Environments status</source>
        <translation>Environments status</translation>
    </message>
    <message>
        <source>No environments yet. A run with pip_packages, conda_packages or an environment file builds one on its target.</source>
        <translation>No environments yet. A run with pip_packages, conda_packages or an environment file builds one on its target.</translation>
    </message>
    <message>
        <source>No environments yet</source>
        <translation>No environments yet</translation>
    </message>
    <message>
        <source>environment %1 on %2</source>
        <translation>environment %1 on %2</translation>
    </message>
    <message>
        <source>Remove %1 (%2, %3)? It is deleted on the target; a later run that needs it builds it again.</source>
        <translation>Remove %1 (%2, %3)? It is deleted on the target; a later run that needs it builds it again.</translation>
    </message>
    <message>
        <source>Kept %1.</source>
        <translation>Kept %1.</translation>
    </message>
    <message>
        <source>Removing %1…</source>
        <translation>Removing %1…</translation>
    </message>
    <message>
        <source>Removed %1, freed %2.</source>
        <translation>Removed %1, freed %2.</translation>
    </message>
    <message>
        <source>Unused for days</source>
        <translation>Unused for days</translation>
    </message>
    <message>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <source>Remove every environment that no run used for this long, on its target and from the workspace. Environments that live runs use are kept.</source>
        <translation>Remove every environment that no run used for this long, on its target and from the workspace. Environments that live runs use are kept.</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>Prune</translation>
    </message>
    <message>
        <source>Unused for:</source>
        <translation>Unused for:</translation>
    </message>
    <message>
        <source>prune the environments unused for %1 days</source>
        <translation>prune the environments unused for %1 days</translation>
    </message>
    <message>
        <source>Pruning…</source>
        <translation>Pruning…</translation>
    </message>
    <message>
        <source>%1 on %2 (live run %3)</source>
        <translation>%1 on %2 (live run %3)</translation>
    </message>
    <message numerus="yes">
        <source>Pruned %n environment(s), freed %1.</source>
        <translation>
            <numerusform>Pruned %n environment, freed %1.</numerusform>
            <numerusform>Pruned %n environments, freed %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EstimatorForm</name>
    <message>
        <source>Estimator form</source>
        <translation>Estimator form</translation>
    </message>
    <message>
        <source>Converted %1 from an Azure ML command job; Save writes it as an estimator file</source>
        <translation>Converted %1 from an Azure ML command job; Save writes it as an estimator file</translation>
    </message>
    <message>
        <source>Snapshot: %1 of %2 files</source>
        <translation>Snapshot: %1 of %2 files</translation>
    </message>
    <message>
        <source>Submitted run %1</source>
        <translation>Submitted run %1</translation>
    </message>
    <message>
        <source>Not submitted: fix the problems shown above</source>
        <translation>Not submitted: fix the problems shown above</translation>
    </message>
    <message>
        <source>Problems with %1</source>
        <translation>Problems with %1</translation>
    </message>
    <message>
        <source>Problems of the estimator file</source>
        <translation>Problems of the estimator file</translation>
    </message>
    <message>
        <source>Source directory</source>
        <translation>Source directory</translation>
    </message>
    <message>
        <source>The project folder that is snapshotted for each run</source>
        <translation>The project folder that is snapshotted for each run</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose the source directory</source>
        <translation>Choose the source directory</translation>
    </message>
    <message>
        <source>Git state of the source directory</source>
        <translation>Git state of the source directory</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>dirty</translation>
    </message>
    <message>
        <source>The source directory has uncommitted changes</source>
        <translation>The source directory has uncommitted changes</translation>
    </message>
    <message>
        <source>Uncommitted changes: the run records them as a patch</source>
        <translation>Uncommitted changes: the run records them as a patch</translation>
    </message>
    <message>
        <source>&amp;Source directory:</source>
        <translation>&amp;Source directory:</translation>
    </message>
    <message>
        <source>Git:</source>
        <translation>Git:</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>E&amp;xperiment:</source>
        <translation>E&amp;xperiment:</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>Run name</translation>
    </message>
    <message>
        <source>Optional: the name the run is shown by instead of its id</source>
        <translation>Optional: the name the run is shown by instead of its id</translation>
    </message>
    <message>
        <source>&amp;Run name:</source>
        <translation>&amp;Run name:</translation>
    </message>
    <message>
        <source>Entry script</source>
        <translation>Entry script</translation>
    </message>
    <message>
        <source>&amp;Entry script:</source>
        <translation>&amp;Entry script:</translation>
    </message>
    <message>
        <source>Script parameters</source>
        <translation>Script parameters</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Add a script parameter</source>
        <translation>Add a script parameter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Remove the selected script parameter</source>
        <translation>Remove the selected script parameter</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Move the selected script parameter up</source>
        <translation>Move the selected script parameter up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Move the selected script parameter down</source>
        <translation>Move the selected script parameter down</translation>
    </message>
    <message>
        <source>Script &amp;params:</source>
        <translation>Script &amp;params:</translation>
    </message>
    <message>
        <source>Compute target</source>
        <translation>Compute target</translation>
    </message>
    <message>
        <source>Compute &amp;target:</source>
        <translation>Compute &amp;target:</translation>
    </message>
    <message>
        <source>Pip packages</source>
        <translation>Pip packages</translation>
    </message>
    <message>
        <source>Separated by commas or spaces, e.g. numpy scikit-learn==1.2</source>
        <translation>Separated by commas or spaces, e.g. numpy scikit-learn==1.2</translation>
    </message>
    <message>
        <source>P&amp;ip packages:</source>
        <translation>P&amp;ip packages:</translation>
    </message>
    <message>
        <source>Conda packages</source>
        <translation>Conda packages</translation>
    </message>
    <message>
        <source>Separated by commas or spaces</source>
        <translation>Separated by commas or spaces</translation>
    </message>
    <message>
        <source>&amp;Conda packages:</source>
        <translation>&amp;Conda packages:</translation>
    </message>
    <message>
        <source>Environment file</source>
        <translation>Environment file</translation>
    </message>
    <message>
        <source>requirements.txt or environment.yml (optional)</source>
        <translation>requirements.txt or environment.yml (optional)</translation>
    </message>
    <message>
        <source>Choose the environment file</source>
        <translation>Choose the environment file</translation>
    </message>
    <message>
        <source>Environment &amp;file:</source>
        <translation>Environment &amp;file:</translation>
    </message>
    <message>
        <source>Docker image</source>
        <translation>Docker image</translation>
    </message>
    <message>
        <source>Optional, e.g. pytorch/pytorch:latest</source>
        <translation>Optional, e.g. pytorch/pytorch:latest</translation>
    </message>
    <message>
        <source>&amp;Docker image:</source>
        <translation>&amp;Docker image:</translation>
    </message>
    <message>
        <source>&amp;Use the interpreter as it is (user-managed dependencies)</source>
        <translation>&amp;Use the interpreter as it is (user-managed dependencies)</translation>
    </message>
    <message>
        <source>Use the interpreter as it is</source>
        <translation>Use the interpreter as it is</translation>
    </message>
    <message>
        <source>Run with the target&apos;s interpreter (or the image&apos;s) and whatever it has installed: no environment is built, even with packages listed</source>
        <translation>Run with the target&apos;s interpreter (or the image&apos;s) and whatever it has installed: no environment is built, even with packages listed</translation>
    </message>
    <message>
        <source>Dependencies:</source>
        <translation>Dependencies:</translation>
    </message>
    <message>
        <source>Node count</source>
        <translation>Node count</translation>
    </message>
    <message>
        <source>&amp;Nodes:</source>
        <translation>&amp;Nodes:</translation>
    </message>
    <message>
        <source>Processes per node</source>
        <translation>Processes per node</translation>
    </message>
    <message>
        <source>Processes per n&amp;ode:</source>
        <translation>Processes per n&amp;ode:</translation>
    </message>
    <message>
        <source>Distributed training</source>
        <translation>Distributed training</translation>
    </message>
    <message>
        <source>Distri&amp;buted training:</source>
        <translation>Distri&amp;buted training:</translation>
    </message>
    <message>
        <source>Metrics from all ran&amp;ks (kept apart as rank1/…)</source>
        <translation>Metrics from all ran&amp;ks (kept apart as rank1/…)</translation>
    </message>
    <message>
        <source>Metrics from all ranks</source>
        <translation>Metrics from all ranks</translation>
    </message>
    <message>
        <source>Helper metrics of every rank of a distributed run, not only rank 0&apos;s</source>
        <translation>Helper metrics of every rank of a distributed run, not only rank 0&apos;s</translation>
    </message>
    <message>
        <source>Rank metrics:</source>
        <translation>Rank metrics:</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Environment variables</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Add an environment variable</source>
        <translation>Add an environment variable</translation>
    </message>
    <message>
        <source>Remove the selected environment variable</source>
        <translation>Remove the selected environment variable</translation>
    </message>
    <message>
        <source>En&amp;vironment variables:</source>
        <translation>En&amp;vironment variables:</translation>
    </message>
    <message>
        <source>Metric patterns, one regular expression per line</source>
        <translation>Metric patterns, one regular expression per line</translation>
    </message>
    <message>
        <source>One per line, e.g. loss=(?&lt;value&gt;[0-9.eE+-]+)</source>
        <translation>One per line, e.g. loss=(?&lt;value&gt;[0-9.eE+-]+)</translation>
    </message>
    <message>
        <source>&amp;Metric patterns:</source>
        <translation>&amp;Metric patterns:</translation>
    </message>
    <message>
        <source>Command line preview</source>
        <translation>Command line preview</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>Command line:</translation>
    </message>
    <message>
        <source>Validation summary</source>
        <translation>Validation summary</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Save estimator.yml</source>
        <translation>Save estimator.yml</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <source>Save the estimator to another file</source>
        <translation>Save the estimator to another file</translation>
    </message>
    <message>
        <source>Sub&amp;mit</source>
        <translation>Sub&amp;mit</translation>
    </message>
    <message>
        <source>Submit a run</source>
        <translation>Submit a run</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel the submission</source>
        <translation>Cancel the submission</translation>
    </message>
    <message>
        <source>Snapshot progress</source>
        <translation>Snapshot progress</translation>
    </message>
    <message>
        <source>Submission status</source>
        <translation>Submission status</translation>
    </message>
    <message>
        <source>Submit Run</source>
        <translation>Submit Run</translation>
    </message>
    <message>
        <source>Save Estimator</source>
        <translation>Save Estimator</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>%1 could not be loaded; the form shows a guess instead:
%2</source>
        <translation>%1 could not be loaded; the form shows a guess instead:
%2</translation>
    </message>
    <message>
        <source>not in a git repository</source>
        <translation>not in a git repository</translation>
    </message>
    <message>
        <source>detached HEAD</source>
        <translation>detached HEAD</translation>
    </message>
    <message>
        <source>no commits yet</source>
        <translation>no commits yet</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>Fill in the fields and submit; problems are pointed out as you go.</source>
        <translation>Fill in the fields and submit; problems are pointed out as you go.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s): %1</source>
        <translation>
            <numerusform>%n problem: %1</numerusform>
            <numerusform>%n problems: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>(no preview: %1)</source>
        <translation>(no preview: %1)</translation>
    </message>
    <message>
        <source>Replace estimator file</source>
        <translation>Replace estimator file</translation>
    </message>
    <message>
        <source>%1 could not be loaded, so the form shows a guess. Replace the file with the form&apos;s values? Its current content will be lost.</source>
        <translation>%1 could not be loaded, so the form shows a guess. Replace the file with the form&apos;s values? Its current content will be lost.</translation>
    </message>
    <message>
        <source>Not saved: %1 was kept as it is</source>
        <translation>Not saved: %1 was kept as it is</translation>
    </message>
    <message>
        <source>Save estimator</source>
        <translation>Save estimator</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Save estimator as</source>
        <translation>Save estimator as</translation>
    </message>
    <message>
        <source>Estimator files (*.yml *.yaml)</source>
        <translation>Estimator files (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Environment files (*.yml *.yaml *.txt)</source>
        <translation>Environment files (*.yml *.yaml *.txt)</translation>
    </message>
    <message>
        <source>none</source>
        <comment>distributed training</comment>
        <translation>none</translation>
    </message>
    <message>
        <source>%1 could not be converted; the form shows a guess instead:
%2</source>
        <translation>%1 could not be converted; the form shows a guess instead:
%2</translation>
    </message>
</context>
<context>
    <name>HostKeyTrustDialog</name>
    <message>
        <source>Trust the host %1?</source>
        <translation>Trust the host %1?</translation>
    </message>
    <message>
        <source>This workspace does not trust &lt;b&gt;%1&lt;/b&gt; yet. The host offers these keys:</source>
        <translation>This workspace does not trust &lt;b&gt;%1&lt;/b&gt; yet. The host offers these keys:</translation>
    </message>
    <message>
        <source>Offered host keys</source>
        <translation>Offered host keys</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>Compare a fingerprint with the host&apos;s own (on the host: &lt;tt&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/tt&gt;) before trusting it. Trusted keys are written to %1; a key that changes later is refused.</source>
        <translation>Compare a fingerprint with the host&apos;s own (on the host: &lt;tt&gt;ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub&lt;/tt&gt;) before trusting it. Trusted keys are written to %1; a key that changes later is refused.</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Trust</translation>
    </message>
    <message>
        <source>Trust these host keys</source>
        <translation>Trust these host keys</translation>
    </message>
    <message>
        <source>Do not trust the host</source>
        <translation>Do not trust the host</translation>
    </message>
    <message>
        <source>%1 offers %2</source>
        <translation>%1 offers %2</translation>
    </message>
</context>
<context>
    <name>ImagePreview</name>
    <message>
        <source>Fit</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>Scale the image down to fit the pane</source>
        <translation>Scale the image down to fit the pane</translation>
    </message>
    <message>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <source>Show the image at its own size</source>
        <translation>Show the image at its own size</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>Image size</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Not a readable SVG image.</source>
        <translation>Not a readable SVG image.</translation>
    </message>
    <message>
        <source>This build of Trainyard has no SVG support.</source>
        <translation>This build of Trainyard has no SVG support.</translation>
    </message>
    <message>
        <source>The image cannot be read: %1</source>
        <translation>The image cannot be read: %1</translation>
    </message>
    <message>
        <source>%1 · %2 × %3</source>
        <translation>%1 · %2 × %3</translation>
    </message>
</context>
<context>
    <name>InstanceChannel</name>
    <message>
        <source>cannot reach the running Trainyard at %1: %2</source>
        <translation>cannot reach the running Trainyard at %1: %2</translation>
    </message>
    <message>
        <source>cannot send to the running Trainyard: %1</source>
        <translation>cannot send to the running Trainyard: %1</translation>
    </message>
    <message>
        <source>the running Trainyard did not answer within %1 s</source>
        <translation>the running Trainyard did not answer within %1 s</translation>
    </message>
    <message>
        <source>the running Trainyard refused the request</source>
        <translation>the running Trainyard refused the request</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>cannot listen on %1: %2</translation>
    </message>
</context>
<context>
    <name>JsonTreeModel</name>
    <message>
        <source>object</source>
        <translation>object</translation>
    </message>
    <message>
        <source>array</source>
        <translation>array</translation>
    </message>
    <message>
        <source>string</source>
        <translation>string</translation>
    </message>
    <message>
        <source>number</source>
        <translation>number</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>boolean</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n key}</numerusform>
            <numerusform>{%n keys}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
</context>
<context>
    <name>LogViewWidget</name>
    <message>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>Whose output to show: each rank of a distributed run has its own logs</source>
        <translation>Whose output to show: each rank of a distributed run has its own logs</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Log file</translation>
    </message>
    <message>
        <source>Which of the run&apos;s logs to show</source>
        <translation>Which of the run&apos;s logs to show</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Follow</translation>
    </message>
    <message>
        <source>Follow the end of the log</source>
        <translation>Follow the end of the log</translation>
    </message>
    <message>
        <source>Keep showing the newest lines (End)</source>
        <translation>Keep showing the newest lines (End)</translation>
    </message>
    <message>
        <source>Find (Ctrl+F)</source>
        <translation>Find (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find in log</source>
        <translation>Find in log</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>Find previous</translation>
    </message>
    <message>
        <source>Find previous (Shift+F3)</source>
        <translation>Find previous (Shift+F3)</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>Find next</translation>
    </message>
    <message>
        <source>Find next (F3)</source>
        <translation>Find next (F3)</translation>
    </message>
    <message>
        <source>Search result</source>
        <translation>Search result</translation>
    </message>
    <message>
        <source>Log size</source>
        <translation>Log size</translation>
    </message>
    <message>
        <source>Order of the combined log</source>
        <translation>Order of the combined log</translation>
    </message>
    <message>
        <source>Log text</source>
        <translation>Log text</translation>
    </message>
    <message>
        <source>Copy Lines</source>
        <translation>Copy Lines</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Select All</translation>
    </message>
    <message>
        <source>stdout + stderr (combined)</source>
        <translation>stdout + stderr (combined)</translation>
    </message>
    <message>
        <source>Rank %1</source>
        <translation>Rank %1</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Not found</translation>
    </message>
    <message>
        <source>Line %1</source>
        <translation>Line %1</translation>
    </message>
    <message>
        <source> (wrapped)</source>
        <translation> (wrapped)</translation>
    </message>
    <message>
        <source>1 matching line</source>
        <translation>1 matching line</translation>
    </message>
    <message>
        <source>%1 matching lines</source>
        <translation>%1 matching lines</translation>
    </message>
    <message>
        <source>%1 lines · %2</source>
        <translation>%1 lines · %2</translation>
    </message>
    <message>
        <source> · indexing %1%</source>
        <translation> · indexing %1%</translation>
    </message>
    <message>
        <source>stdout (out) and stderr (err) in the order they were written, with the time each line was seen.</source>
        <translation>stdout (out) and stderr (err) in the order they were written, with the time each line was seen.</translation>
    </message>
    <message>
        <source>This run did not record the order of its output: stdout is shown first, then stderr, so their order is approximate.</source>
        <translation>This run did not record the order of its output: stdout is shown first, then stderr, so their order is approximate.</translation>
    </message>
    <message>
        <source>Waiting for the order of the run&apos;s output; a run that does not record it is combined once it has ended.</source>
        <translation>Waiting for the order of the run&apos;s output; a run that does not record it is combined once it has ended.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Trainyard</source>
        <translation>Trainyard</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Workspace</translation>
    </message>
    <message>
        <source>Live runs</source>
        <translation>Live runs</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Open &amp;Project Folder…</source>
        <translation>Open &amp;Project Folder…</translation>
    </message>
    <message>
        <source>Open &amp;Estimator or Job File…</source>
        <translation>Open &amp;Estimator or Job File…</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>Open &amp;Workspace…</translation>
    </message>
    <message>
        <source>&amp;Recent Workspaces</source>
        <translation>&amp;Recent Workspaces</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>&amp;Cancel Run</source>
        <translation>&amp;Cancel Run</translation>
    </message>
    <message>
        <source>&amp;Resubmit…</source>
        <translation>&amp;Resubmit…</translation>
    </message>
    <message>
        <source>C&amp;ompare</source>
        <translation>C&amp;ompare</translation>
    </message>
    <message>
        <source>Compare the selected runs side by side</source>
        <translation>Compare the selected runs side by side</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>&amp;Find Runs</source>
        <translation>&amp;Find Runs</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Trainyard</source>
        <translation>&amp;About Trainyard</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Follow the &amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;System Default</source>
        <translation>&amp;System Default</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>The new language is used when Trainyard starts again. Restart now?</source>
        <translation>The new language is used when Trainyard starts again. Restart now?</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Trainyard %1&lt;/h3&gt;&lt;p&gt;A desktop experiment manager for machine-learning training runs: submit an estimator to this machine, an SSH host or a Slurm cluster, watch it live, compare runs and keep models.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;&lt;p&gt;Documentation: the README and docs/ that come with Trainyard, and &lt;code&gt;trainyard-cli help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Trainyard %1&lt;/h3&gt;&lt;p&gt;A desktop experiment manager for machine-learning training runs: submit an estimator to this machine, an SSH host or a Slurm cluster, watch it live, compare runs and keep models.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;&lt;p&gt;Documentation: the README and docs/ that come with Trainyard, and &lt;code&gt;trainyard-cli help&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Trainyard</source>
        <translation>About Trainyard</translation>
    </message>
    <message>
        <source>Cannot set up the sample project: %1</source>
        <translation>Cannot set up the sample project: %1</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>Run %1 submitted</source>
        <translation>Run %1 submitted</translation>
    </message>
    <message>
        <source>Opened job file %1, converted to an estimator</source>
        <translation>Opened job file %1, converted to an estimator</translation>
    </message>
    <message>
        <source>Opened estimator file %1</source>
        <translation>Opened estimator file %1</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>Cannot open %1</translation>
    </message>
    <message>
        <source>Cannot open estimator or job file</source>
        <translation>Cannot open estimator or job file</translation>
    </message>
    <message>
        <source>Cancel requested for run %1</source>
        <translation>Cancel requested for run %1</translation>
    </message>
    <message>
        <source>%1 — Trainyard</source>
        <translation>%1 — Trainyard</translation>
    </message>
    <message>
        <source>Select two or more runs to compare them</source>
        <translation>Select two or more runs to compare them</translation>
    </message>
    <message>
        <source>No run %1 in this workspace</source>
        <translation>No run %1 in this workspace</translation>
    </message>
    <message>
        <source>Refreshed</source>
        <translation>Refreshed</translation>
    </message>
    <message numerus="yes">
        <source>%n live run(s)</source>
        <translation>
            <numerusform>%n live run</numerusform>
            <numerusform>%n live runs</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Open Project Folder</translation>
    </message>
    <message>
        <source>Open Estimator or Job File</source>
        <translation>Open Estimator or Job File</translation>
    </message>
    <message>
        <source>Estimator and Azure ML job files (*.yml *.yaml)</source>
        <translation>Estimator and Azure ML job files (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Open Workspace</translation>
    </message>
    <message>
        <source>%1 cannot be opened as a project folder</source>
        <translation>%1 cannot be opened as a project folder</translation>
    </message>
    <message>
        <source>Opened project folder %1</source>
        <translation>Opened project folder %1</translation>
    </message>
    <message>
        <source>Cannot open project folder</source>
        <translation>Cannot open project folder</translation>
    </message>
    <message>
        <source>Nothing was dropped: drop a project folder to open it.</source>
        <translation>Nothing was dropped: drop a project folder to open it.</translation>
    </message>
    <message>
        <source>%1 is not a local folder: drop a project folder from this computer.</source>
        <translation>%1 is not a local folder: drop a project folder from this computer.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 does not exist.</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder: drop the project folder that holds the training script, or an estimator or job file (.yml).</source>
        <translation>%1 is a file, not a folder: drop the project folder that holds the training script, or an estimator or job file (.yml).</translation>
    </message>
    <message>
        <source>%1 cannot be read (permission denied).</source>
        <translation>%1 cannot be read (permission denied).</translation>
    </message>
    <message>
        <source>Several items dropped: opening only %1</source>
        <translation>Several items dropped: opening only %1</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Cannot open workspace</translation>
    </message>
    <message>
        <source>Cannot open workspace %1: %2</source>
        <translation>Cannot open workspace %1: %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Notify When Runs End</source>
        <translation>Notify When Runs End</translation>
    </message>
    <message>
        <source>A desktop notification when a run ends while Trainyard is not the active window</source>
        <translation>A desktop notification when a run ends while Trainyard is not the active window</translation>
    </message>
    <message>
        <source>%1 is not a run link: expected trainyard://run/RUN_ID.</source>
        <translation>%1 is not a run link: expected trainyard://run/RUN_ID.</translation>
    </message>
    <message>
        <source>Cannot open workspace %1:
%2</source>
        <translation>Cannot open workspace %1:
%2</translation>
    </message>
    <message>
        <source>Switched to workspace %1, as Trainyard was started again with it</source>
        <translation>Switched to workspace %1, as Trainyard was started again with it</translation>
    </message>
</context>
<context>
    <name>MetricChartView</name>
    <message>
        <source>Values at the pointer</source>
        <translation>Values at the pointer</translation>
    </message>
    <message>
        <source>Export image…</source>
        <translation>Export image…</translation>
    </message>
    <message>
        <source>Save this chart as a PNG or SVG image</source>
        <translation>Save this chart as a PNG or SVG image</translation>
    </message>
    <message>
        <source>cannot export the chart to %1: the file name must end in .png or .svg</source>
        <translation>cannot export the chart to %1: the file name must end in .png or .svg</translation>
    </message>
    <message>
        <source>A chart exported from Trainyard</source>
        <translation>A chart exported from Trainyard</translation>
    </message>
    <message>
        <source>cannot export the chart to %1: the PNG could not be encoded</source>
        <translation>cannot export the chart to %1: the PNG could not be encoded</translation>
    </message>
    <message>
        <source>cannot write the chart image %1: %2</source>
        <translation>cannot write the chart image %1: %2</translation>
    </message>
    <message>
        <source>Export chart image</source>
        <translation>Export chart image</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg)</source>
        <translation>PNG image (*.png);;SVG image (*.svg)</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>Export image</translation>
    </message>
</context>
<context>
    <name>MetricsChartWidget</name>
    <message>
        <source>Metrics charts</source>
        <translation>Metrics charts</translation>
    </message>
    <message>
        <source>&amp;Combine on one chart</source>
        <translation>&amp;Combine on one chart</translation>
    </message>
    <message>
        <source>Combine chosen metrics on one chart</source>
        <translation>Combine chosen metrics on one chart</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>X axis</translation>
    </message>
    <message>
        <source>X: step</source>
        <translation>X: step</translation>
    </message>
    <message>
        <source>X: time</source>
        <translation>X: time</translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>&amp;Log scale</translation>
    </message>
    <message>
        <source>Logarithmic y axis</source>
        <translation>Logarithmic y axis</translation>
    </message>
    <message>
        <source>&amp;Smoothing</source>
        <translation>&amp;Smoothing</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Smoothing</translation>
    </message>
    <message>
        <source>Smoothing weight</source>
        <translation>Smoothing weight</translation>
    </message>
    <message>
        <source>&amp;Reset zoom</source>
        <translation>&amp;Reset zoom</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Reset zoom</translation>
    </message>
    <message>
        <source>Show every point again (also 0, Home or Escape in a chart).
Drag to zoom, Ctrl+drag or middle-drag or arrow keys to pan, +/- to zoom.</source>
        <translation>Show every point again (also 0, Home or Escape in a chart).
Drag to zoom, Ctrl+drag or middle-drag or arrow keys to pan, +/- to zoom.</translation>
    </message>
    <message>
        <source>La&amp;bel by</source>
        <translation>La&amp;bel by</translation>
    </message>
    <message>
        <source>Label lines by</source>
        <translation>Label lines by</translation>
    </message>
    <message>
        <source>Name each line by the run&apos;s name, or by the parameters ticked here</source>
        <translation>Name each line by the run&apos;s name, or by the parameters ticked here</translation>
    </message>
    <message>
        <source>Colour lines by</source>
        <translation>Colour lines by</translation>
    </message>
    <message>
        <source>Colour each line by a parameter&apos;s value: a gradient for numbers, distinct colours for text</source>
        <translation>Colour each line by a parameter&apos;s value: a gradient for numbers, distinct colours for text</translation>
    </message>
    <message>
        <source>What the line colours mean</source>
        <translation>What the line colours mean</translation>
    </message>
    <message>
        <source>Metrics to chart</source>
        <translation>Metrics to chart</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Metrics status</source>
        <translation>Metrics status</translation>
    </message>
    <message>
        <source>Run name (when it has one)</source>
        <translation>Run name (when it has one)</translation>
    </message>
    <message>
        <source>No parameters recorded for these runs</source>
        <translation>No parameters recorded for these runs</translation>
    </message>
    <message>
        <source>Colour: by line</source>
        <translation>Colour: by line</translation>
    </message>
    <message>
        <source>Colour: %1</source>
        <translation>Colour: %1</translation>
    </message>
    <message>
        <source> (raw)</source>
        <translation> (raw)</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#c62828&quot;&gt;Run names and parameters could not be read: %1&lt;/span&gt;&lt;br&gt;</source>
        <translation>&lt;span style=&quot;color:#c62828&quot;&gt;Run names and parameters could not be read: %1&lt;/span&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <source>Colour: &lt;b&gt;%1&lt;/b&gt; — none of these runs has this parameter</source>
        <translation>Colour: &lt;b&gt;%1&lt;/b&gt; — none of these runs has this parameter</translation>
    </message>
    <message>
        <source>Colour: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 %3 %4</source>
        <translation>Colour: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 %3 %4</translation>
    </message>
    <message>
        <source>Colour: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2</source>
        <translation>Colour: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2</translation>
    </message>
    <message>
        <source> &amp;nbsp; %1&amp;nbsp;no value</source>
        <translation> &amp;nbsp; %1&amp;nbsp;no value</translation>
    </message>
    <message>
        <source>System · %1</source>
        <translation>System · %1</translation>
    </message>
    <message>
        <source>CPU, memory and GPUs of the node %1, sampled while the run lives</source>
        <translation>CPU, memory and GPUs of the node %1, sampled while the run lives</translation>
    </message>
    <message>
        <source>time (s since the run&apos;s first point)</source>
        <translation>time (s since the run&apos;s first point)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>step</translation>
    </message>
    <message>
        <source>Select one or more runs to chart their metrics.</source>
        <translation>Select one or more runs to chart their metrics.</translation>
    </message>
    <message>
        <source>Reading metrics…</source>
        <translation>Reading metrics…</translation>
    </message>
    <message>
        <source>No metrics logged yet.</source>
        <translation>No metrics logged yet.</translation>
    </message>
    <message>
        <source>No metric chosen: tick one in the list.</source>
        <translation>No metric chosen: tick one in the list.</translation>
    </message>
    <message>
        <source>&lt;b&gt;System · %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;System · %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>System of node %1</source>
        <translation>System of node %1</translation>
    </message>
    <message>
        <source>Chart of %1</source>
        <translation>Chart of %1</translation>
    </message>
    <message>
        <source>Notes on the chart of %1</source>
        <translation>Notes on the chart of %1</translation>
    </message>
    <message>
        <source>Legend of the chart of %1</source>
        <translation>Legend of the chart of %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n NaN/inf value(s) not drawn</source>
        <translation>
            <numerusform>%1: %n NaN/inf value not drawn</numerusform>
            <numerusform>%1: %n NaN/inf values not drawn</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n value(s) ≤ 0 hidden on the log scale</source>
        <translation>
            <numerusform>%1: %n value ≤ 0 hidden on the log scale</numerusform>
            <numerusform>%1: %n values ≤ 0 hidden on the log scale</numerusform>
        </translation>
    </message>
    <message>
        <source>time %1 s</source>
        <translation>time %1 s</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>step %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>time +%1 s</source>
        <translation>time +%1 s</translation>
    </message>
    <message>
        <source>value %1</source>
        <translation>value %1</translation>
    </message>
    <message>
        <source>smoothed %1</source>
        <translation>smoothed %1</translation>
    </message>
    <message numerus="yes">
        <source>%n NaN/inf value(s) in this series not drawn</source>
        <translation>
            <numerusform>%n NaN/inf value in this series not drawn</numerusform>
            <numerusform>%n NaN/inf values in this series not drawn</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ModelEditDialog</name>
    <message>
        <source>Edit model version</source>
        <translation>Edit model version</translation>
    </message>
    <message>
        <source>Model description</source>
        <translation>Model description</translation>
    </message>
    <message>
        <source>Model tags</source>
        <translation>Model tags</translation>
    </message>
    <message>
        <source>one key=value per line</source>
        <translation>one key=value per line</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>&amp;Tags:</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>ModelsModel</name>
    <message numerus="yes">
        <source>%n version(s), newest %1</source>
        <translation>
            <numerusform>%n version, newest %1</numerusform>
            <numerusform>%n versions, newest %1</numerusform>
        </translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>version %1</translation>
    </message>
    <message>
        <source>Registered from %1 of run %2; double-click to open the run</source>
        <translation>Registered from %1 of run %2; double-click to open the run</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliases</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Source run</source>
        <translation>Source run</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Path</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Registered models</source>
        <translation>Registered models</translation>
    </message>
    <message>
        <source>Model version details</source>
        <translation>Model version details</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Refresh models</source>
        <translation>Refresh models</translation>
    </message>
    <message>
        <source>Open Source &amp;Run</source>
        <translation>Open Source &amp;Run</translation>
    </message>
    <message>
        <source>Open source run</source>
        <translation>Open source run</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Download…</translation>
    </message>
    <message>
        <source>Download model version</source>
        <translation>Download model version</translation>
    </message>
    <message>
        <source>De&amp;lete Version…</source>
        <translation>De&amp;lete Version…</translation>
    </message>
    <message>
        <source>Delete model version</source>
        <translation>Delete model version</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Edit description and tags</source>
        <translation>Edit description and tags</translation>
    </message>
    <message>
        <source>Set &amp;Alias…</source>
        <translation>Set &amp;Alias…</translation>
    </message>
    <message>
        <source>Point an alias at this version</source>
        <translation>Point an alias at this version</translation>
    </message>
    <message>
        <source>Points an alias such as production or staging at this version; NAME@ALIAS then names it (trainyard-cli model-download NAME@ALIAS)</source>
        <translation>Points an alias such as production or staging at this version; NAME@ALIAS then names it (trainyard-cli model-download NAME@ALIAS)</translation>
    </message>
    <message>
        <source>Models status</source>
        <translation>Models status</translation>
    </message>
    <message>
        <source>Cannot read the models: %1</source>
        <translation>Cannot read the models: %1</translation>
    </message>
    <message>
        <source>No models yet. Register one from a finished run&apos;s outputs in its Artifacts tab.</source>
        <translation>No models yet. Register one from a finished run&apos;s outputs in its Artifacts tab.</translation>
    </message>
    <message>
        <source>Select a version to see its details.</source>
        <translation>Select a version to see its details.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; version %2&lt;br&gt;Aliases: %10&lt;br&gt;Created: %3&lt;br&gt;Source run: &lt;a href=&quot;run:%4&quot;&gt;%4&lt;/a&gt; (%5)&lt;br&gt;Source run metrics:%11&lt;br&gt;Size: %6 in %n file(s)&lt;br&gt;Path: %7&lt;br&gt;Tags:%8&lt;br&gt;%9</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; version %2&lt;br&gt;Aliases: %10&lt;br&gt;Created: %3&lt;br&gt;Source run: &lt;a href=&quot;run:%4&quot;&gt;%4&lt;/a&gt; (%5)&lt;br&gt;Source run metrics:%11&lt;br&gt;Size: %6 in %n file&lt;br&gt;Path: %7&lt;br&gt;Tags:%8&lt;br&gt;%9</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; version %2&lt;br&gt;Aliases: %10&lt;br&gt;Created: %3&lt;br&gt;Source run: &lt;a href=&quot;run:%4&quot;&gt;%4&lt;/a&gt; (%5)&lt;br&gt;Source run metrics:%11&lt;br&gt;Size: %6 in %n files&lt;br&gt;Path: %7&lt;br&gt;Tags:%8&lt;br&gt;%9</numerusform>
        </translation>
    </message>
    <message>
        <source> none</source>
        <translation> none</translation>
    </message>
    <message>
        <source> none recorded</source>
        <translation> none recorded</translation>
    </message>
    <message>
        <source>Download %1 version %2 to</source>
        <translation>Download %1 version %2 to</translation>
    </message>
    <message>
        <source>Replace?</source>
        <translation>Replace?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it with %2 version %3?</source>
        <translation>%1 already exists. Replace it with %2 version %3?</translation>
    </message>
    <message>
        <source>Not downloaded: %1 already exists.</source>
        <translation>Not downloaded: %1 already exists.</translation>
    </message>
    <message>
        <source>Downloading %1 version %2…</source>
        <translation>Downloading %1 version %2…</translation>
    </message>
    <message>
        <source>%1 version %2</source>
        <translation>%1 version %2</translation>
    </message>
    <message>
        <source>Downloaded %1 to %2</source>
        <translation>Downloaded %1 to %2</translation>
    </message>
    <message>
        <source>Download of %1 failed: %2</source>
        <translation>Download of %1 failed: %2</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>Download failed</translation>
    </message>
    <message>
        <source>Delete %1 version %2? Its stored files are removed from the workspace; the run that produced it keeps its outputs.</source>
        <translation>Delete %1 version %2? Its stored files are removed from the workspace; the run that produced it keeps its outputs.</translation>
    </message>
    <message>
        <source>Kept %1 version %2.</source>
        <translation>Kept %1 version %2.</translation>
    </message>
    <message>
        <source>Deleted %1 version %2.</source>
        <translation>Deleted %1 version %2.</translation>
    </message>
    <message>
        <source>Cannot delete %1 version %2: %3</source>
        <translation>Cannot delete %1 version %2: %3</translation>
    </message>
    <message>
        <source>Edit %1 version %2</source>
        <translation>Edit %1 version %2</translation>
    </message>
    <message>
        <source>description and tags of %1 version %2</source>
        <translation>description and tags of %1 version %2</translation>
    </message>
    <message>
        <source>Saved %1 version %2.</source>
        <translation>Saved %1 version %2.</translation>
    </message>
    <message>
        <source>Set alias</source>
        <translation>Set alias</translation>
    </message>
    <message>
        <source>Alias of %1 to point at version %2 (e.g. production, staging):</source>
        <translation>Alias of %1 to point at version %2 (e.g. production, staging):</translation>
    </message>
    <message>
        <source>Alias &quot;%1&quot;: expected a letter, then up to 63 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Alias &quot;%1&quot;: expected a letter, then up to 63 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</translation>
    </message>
    <message>
        <source>%1@%2 is version %3.</source>
        <translation>%1@%2 is version %3.</translation>
    </message>
    <message>
        <source>Removed alias %1 of %2.</source>
        <translation>Removed alias %1 of %2.</translation>
    </message>
</context>
<context>
    <name>NavigationPane</name>
    <message>
        <source>Navigation</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>The runs last compared (Ctrl+D on selected runs)</source>
        <translation>The runs last compared (Ctrl+D on selected runs)</translation>
    </message>
    <message>
        <source>New run</source>
        <translation>New run</translation>
    </message>
    <message>
        <source>Compute targets</source>
        <translation>Compute targets</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Datasets</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Models</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Environments</translation>
    </message>
    <message>
        <source>Runs (%1)</source>
        <translation>Runs (%1)</translation>
    </message>
</context>
<context>
    <name>ParallelCoordinatesView</name>
    <message>
        <source>parallel coordinates</source>
        <translation>parallel coordinates</translation>
    </message>
    <message>
        <source>no values</source>
        <translation>no values</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>missing</translation>
    </message>
</context>
<context>
    <name>PlotStyle</name>
    <message>
        <source>Choose at least two columns to draw %1.</source>
        <translation>Choose at least two columns to draw %1.</translation>
    </message>
    <message>
        <source>No runs to draw.</source>
        <translation>No runs to draw.</translation>
    </message>
</context>
<context>
    <name>RegisterDialogFooter</name>
    <message>
        <source>Validation message</source>
        <translation>Validation message</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RegisterModelDialog</name>
    <message>
        <source>Register as Model</source>
        <translation>Register as Model</translation>
    </message>
    <message>
        <source>Register as model</source>
        <translation>Register as model</translation>
    </message>
    <message>
        <source>Source path</source>
        <translation>Source path</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>Model name</translation>
    </message>
    <message>
        <source>letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</translation>
    </message>
    <message>
        <source>Model description</source>
        <translation>Model description</translation>
    </message>
    <message>
        <source>Model tags</source>
        <translation>Model tags</translation>
    </message>
    <message>
        <source>one key=value per line</source>
        <translation>one key=value per line</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>&amp;Tags:</source>
        <translation>&amp;Tags:</translation>
    </message>
    <message>
        <source>tag line %1 &quot;%2&quot;: expected key=value</source>
        <translation>tag line %1 &quot;%2&quot;: expected key=value</translation>
    </message>
    <message>
        <source>Enter a model name.</source>
        <translation>Enter a model name.</translation>
    </message>
    <message>
        <source>The name must be 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>The name must be 1-64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</translation>
    </message>
</context>
<context>
    <name>RegistryLoginsDialog</name>
    <message>
        <source>Registry logins</source>
        <translation>Registry logins</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Registry</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>registry.example.com:5000</source>
        <translation>registry.example.com:5000</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>Password or token</translation>
    </message>
    <message>
        <source>&amp;Registry:</source>
        <translation>&amp;Registry:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <source>&amp;Password or token:</source>
        <translation>&amp;Password or token:</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>Keep this login; the password goes to the system keychain only</source>
        <translation>Keep this login; the password goes to the system keychain only</translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>Forget the selected login and remove its password from the keychain</source>
        <translation>Forget the selected login and remove its password from the keychain</translation>
    </message>
    <message>
        <source>Runs whose custom_docker_image is on one of these registries pull it with its login, on every target.</source>
        <translation>Runs whose custom_docker_image is on one of these registries pull it with its login, on every target.</translation>
    </message>
    <message>
        <source>Registry logins status</source>
        <translation>Registry logins status</translation>
    </message>
    <message>
        <source>A login needs a user and a password or token.</source>
        <translation>A login needs a user and a password or token.</translation>
    </message>
    <message>
        <source>Logged in to %1 as %2; the password is in the system keychain.</source>
        <translation>Logged in to %1 as %2; the password is in the system keychain.</translation>
    </message>
    <message>
        <source>Logged out of %1.</source>
        <translation>Logged out of %1.</translation>
    </message>
</context>
<context>
    <name>RunEndNotifier</name>
    <message>
        <source>Show Run</source>
        <translation>Show Run</translation>
    </message>
    <message>
        <source>Run %1 succeeded</source>
        <translation>Run %1 succeeded</translation>
    </message>
    <message>
        <source>Run %1 was canceled</source>
        <translation>Run %1 was canceled</translation>
    </message>
    <message>
        <source>Run %1 failed</source>
        <translation>Run %1 failed</translation>
    </message>
    <message>
        <source>Ran for %1 on %2</source>
        <translation>Ran for %1 on %2</translation>
    </message>
    <message>
        <source>Ended before it started, on %1</source>
        <translation>Ended before it started, on %1</translation>
    </message>
    <message>
        <source>Last %1: %2</source>
        <translation>Last %1: %2</translation>
    </message>
</context>
<context>
    <name>RunFilesModel</name>
    <message>
        <source>%1 (code snapshot, read-only)</source>
        <translation>%1 (code snapshot, read-only)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modified</translation>
    </message>
</context>
<context>
    <name>RunLabels</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>Preparing</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Starting</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Finalizing</source>
        <translation>Finalizing</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>Canceled</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a status and why</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1s</source>
        <comment>a duration: seconds</comment>
        <translation>%1s</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <comment>a duration: minutes, seconds</comment>
        <translation>%1m %2s</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <comment>a duration: hours, minutes</comment>
        <translation>%1h %2m</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <comment>a duration: days, hours</comment>
        <translation>%1d %2h</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>last</source>
        <translation>last</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>a metric and its aggregate</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrics</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit code</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Failure</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Dirty</source>
        <translation>Dirty</translation>
    </message>
    <message>
        <source>Uncommitted diff</source>
        <translation>Uncommitted diff</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>none</source>
        <comment>no uncommitted diff</comment>
        <translation>none</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s), %1</source>
        <comment>an uncommitted diff&apos;s size and hash</comment>
        <translation>
            <numerusform>%n line, %1</numerusform>
            <numerusform>%n lines, %1</numerusform>
        </translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>exit code %1</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Run tabs</source>
        <translation>Run tabs</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrics</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artifacts</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Run summary</source>
        <translation>Run summary</translation>
    </message>
    <message>
        <source>Run id</source>
        <translation>Run id</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>Cancel run</translation>
    </message>
    <message>
        <source>Stop this run (Ctrl+.)</source>
        <translation>Stop this run (Ctrl+.)</translation>
    </message>
    <message>
        <source>Resubmit…</source>
        <translation>Resubmit…</translation>
    </message>
    <message>
        <source>Resubmit run</source>
        <translation>Resubmit run</translation>
    </message>
    <message>
        <source>Open this run&apos;s estimator in the form, to change and submit it again</source>
        <translation>Open this run&apos;s estimator in the form, to change and submit it again</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit code</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>Compute target</source>
        <translation>Compute target</translation>
    </message>
    <message>
        <source>Git</source>
        <translation>Git</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>dirty</translation>
    </message>
    <message>
        <source>Uncommitted changes</source>
        <translation>Uncommitted changes</translation>
    </message>
    <message>
        <source>The source folder had uncommitted changes when the run was submitted</source>
        <translation>The source folder had uncommitted changes when the run was submitted</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>Command line</translation>
    </message>
    <message>
        <source>Run name</source>
        <translation>Run name</translation>
    </message>
    <message>
        <source>A name shown instead of the run&apos;s id</source>
        <translation>A name shown instead of the run&apos;s id</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>What this run tried, what came of it</source>
        <translation>What this run tried, what came of it</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Save note</translation>
    </message>
    <message>
        <source>Edit error</source>
        <translation>Edit error</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Submitted:</source>
        <translation>Submitted:</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>Started:</translation>
    </message>
    <message>
        <source>Ended:</source>
        <translation>Ended:</translation>
    </message>
    <message>
        <source>Duration:</source>
        <translation>Duration:</translation>
    </message>
    <message>
        <source>Exit code:</source>
        <translation>Exit code:</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Error:</translation>
    </message>
    <message>
        <source>Cause:</source>
        <translation>Cause:</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Target:</translation>
    </message>
    <message>
        <source>Git:</source>
        <translation>Git:</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Command:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Tags:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Script parameters</source>
        <translation>Script parameters</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metric</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Last value</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>Last metric values</source>
        <translation>Last metric values</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>Add tag</translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation>Remove tag</translation>
    </message>
    <message>
        <source>Cannot save the %1: %2</source>
        <translation>Cannot save the %1: %2</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>note</source>
        <translation>note</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>tags</translation>
    </message>
    <message>
        <source>Cannot save the tags: %1</source>
        <translation>Cannot save the tags: %1</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environment</translation>
    </message>
    <message>
        <source>Environment hash</source>
        <translation>Environment hash</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>Interpreter</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>Operating system</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPUs</translation>
    </message>
    <message>
        <source>Environment files</source>
        <translation>Environment files</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Environment:</translation>
    </message>
    <message>
        <source>Interpreter:</source>
        <translation>Interpreter:</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Image:</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>OS:</source>
        <translation>OS:</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Memory:</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPUs:</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Files:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>cannot be read: %1</source>
        <translation>cannot be read: %1</translation>
    </message>
    <message>
        <source>none: the target&apos;s interpreter as it is</source>
        <translation>none: the target&apos;s interpreter as it is</translation>
    </message>
    <message>
        <source>%1 (Python %2)</source>
        <translation>%1 (Python %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>%1 (kernel %2)</source>
        <translation>%1 (kernel %2)</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>driver %1</source>
        <translation>driver %1</translation>
    </message>
    <message>
        <source>ran-with.json cannot be read: %1</source>
        <translation>ran-with.json cannot be read: %1</translation>
    </message>
    <message>
        <source>the target could not be described: %1</source>
        <translation>the target could not be described: %1</translation>
    </message>
    <message>
        <source>stderr cannot be read: %1</source>
        <translation>stderr cannot be read: %1</translation>
    </message>
    <message>
        <source>No run selected</source>
        <translation>No run selected</translation>
    </message>
    <message>
        <source>Run %1 not found</source>
        <translation>Run %1 not found</translation>
    </message>
    <message>
        <source> (cancel requested)</source>
        <translation> (cancel requested)</translation>
    </message>
    <message>
        <source>%1 (Slurm job %2)</source>
        <translation>%1 (Slurm job %2)</translation>
    </message>
    <message>
        <source>%1 @ %2  (%3)</source>
        <translation>%1 @ %2  (%3)</translation>
    </message>
    <message>
        <source>detached</source>
        <translation>detached</translation>
    </message>
    <message>
        <source>not a git repository</source>
        <translation>not a git repository</translation>
    </message>
    <message>
        <source>(not started yet)</source>
        <translation>(not started yet)</translation>
    </message>
    <message>
        <source>(flag)</source>
        <translation>(flag)</translation>
    </message>
    <message>
        <source>dataset %1 (%2)</source>
        <translation>dataset %1 (%2)</translation>
    </message>
    <message>
        <source>argument %1</source>
        <translation>argument %1</translation>
    </message>
    <message>
        <source>Cancel run %1? Its process is stopped.</source>
        <translation>Cancel run %1? Its process is stopped.</translation>
    </message>
</context>
<context>
    <name>RunsContextMenu</name>
    <message>
        <source>cannot lock the workspace database</source>
        <translation>cannot lock the workspace database</translation>
    </message>
    <message>
        <source>cannot record the change</source>
        <translation>cannot record the change</translation>
    </message>
    <message>
        <source>Run actions</source>
        <translation>Run actions</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Compare the selected runs side by side (2 or more)</source>
        <translation>Compare the selected runs side by side (2 or more)</translation>
    </message>
    <message>
        <source>Resubmit</source>
        <translation>Resubmit</translation>
    </message>
    <message>
        <source>Submit each selected run&apos;s estimator again as a new run. Its code is snapshotted again from the run&apos;s source folder as that folder is now, not taken from the run&apos;s own snapshot.</source>
        <translation>Submit each selected run&apos;s estimator again as a new run. Its code is snapshotted again from the run&apos;s source folder as that folder is now, not taken from the run&apos;s own snapshot.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stop the selected runs that are still queued or running</source>
        <translation>Stop the selected runs that are still queued or running</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>Tag…</translation>
    </message>
    <message>
        <source>Give every selected run a tag NAME=VALUE</source>
        <translation>Give every selected run a tag NAME=VALUE</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Rename…</translation>
    </message>
    <message>
        <source>Give the run a name shown instead of its id</source>
        <translation>Give the run a name shown instead of its id</translation>
    </message>
    <message>
        <source>Copy id</source>
        <translation>Copy id</translation>
    </message>
    <message>
        <source>Copy the selected runs&apos; ids</source>
        <translation>Copy the selected runs&apos; ids</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Copy link</translation>
    </message>
    <message>
        <source>Copy trainyard://run/ links to the selected runs</source>
        <translation>Copy trainyard://run/ links to the selected runs</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Hide the selected runs from the table unless archived runs are shown</source>
        <translation>Hide the selected runs from the table unless archived runs are shown</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <source>Show the selected runs again</source>
        <translation>Show the selected runs again</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their files (Delete)</source>
        <translation>Delete the selected runs and their files (Delete)</translation>
    </message>
    <message>
        <source>unknown run %1</source>
        <translation>unknown run %1</translation>
    </message>
    <message>
        <source>run %1 cannot be resubmitted: %2</source>
        <translation>run %1 cannot be resubmitted: %2</translation>
    </message>
    <message>
        <source>Cancel runs</source>
        <translation>Cancel runs</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n run(s)? Their processes are stopped.</source>
        <translation>
            <numerusform>Cancel %n run? Its process is stopped.</numerusform>
            <numerusform>Cancel %n runs? Their processes are stopped.</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot cancel run %1: %2</source>
        <translation>cannot cancel run %1: %2</translation>
    </message>
    <message>
        <source>Tag runs</source>
        <translation>Tag runs</translation>
    </message>
    <message numerus="yes">
        <source>Tag for %n run(s), as NAME=VALUE:</source>
        <translation>
            <numerusform>Tag for %n run, as NAME=VALUE:</numerusform>
            <numerusform>Tag for %n runs, as NAME=VALUE:</numerusform>
        </translation>
    </message>
    <message>
        <source>&quot;%1&quot;: expected NAME=VALUE (NAME= for an empty value)</source>
        <translation>&quot;%1&quot;: expected NAME=VALUE (NAME= for an empty value)</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>Rename run</translation>
    </message>
    <message>
        <source>Name of run %1 (empty for none):</source>
        <translation>Name of run %1 (empty for none):</translation>
    </message>
    <message>
        <source>Archive runs</source>
        <translation>Archive runs</translation>
    </message>
    <message>
        <source>Unarchive runs</source>
        <translation>Unarchive runs</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Delete runs</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) and their files? Their outputs, logs and metrics are removed for good.</source>
        <translation>
            <numerusform>Delete %n run and its files? Its outputs, logs and metrics are removed for good.</numerusform>
            <numerusform>Delete %n runs and their files? Their outputs, logs and metrics are removed for good.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was deleted:</source>
        <translation>Nothing was deleted:</translation>
    </message>
</context>
<context>
    <name>RunsTableModel</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Run id</source>
        <translation>Run id</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Filter: text of a run id, or e.g. params.lr &gt; 0.01 and metrics.acc.max &gt;= 0.9 (Ctrl+F)</source>
        <translation>Filter: text of a run id, or e.g. params.lr &gt; 0.01 and metrics.acc.max &gt;= 0.9 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Plain text finds runs whose id or experiment contains it. Anything with an operator (= != &lt; &lt;= &gt; &gt;= ~), parentheses or and/or/not/in is a filter expression over params.NAME, metrics.NAME[.min|.max], tags.NAME, status, name, note, target, experiment, submitted, started, ended, duration, archived.</source>
        <translation>Plain text finds runs whose id or experiment contains it. Anything with an operator (= != &lt; &lt;= &gt; &gt;= ~), parentheses or and/or/not/in is a filter expression over params.NAME, metrics.NAME[.min|.max], tags.NAME, status, name, note, target, experiment, submitted, started, ended, duration, archived.</translation>
    </message>
    <message>
        <source>Filter runs</source>
        <translation>Filter runs</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Status filter</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Metric columns, e.g. loss, accuracy</source>
        <translation>Metric columns, e.g. loss, accuracy</translation>
    </message>
    <message>
        <source>Metric columns</source>
        <translation>Metric columns</translation>
    </message>
    <message>
        <source>Comma-separated metric names shown as columns with each run&apos;s last value</source>
        <translation>Comma-separated metric names shown as columns with each run&apos;s last value</translation>
    </message>
    <message>
        <source>Experiment shown</source>
        <translation>Experiment shown</translation>
    </message>
    <message>
        <source>Filter error</source>
        <translation>Filter error</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>Columns…</translation>
    </message>
    <message>
        <source>Choose columns</source>
        <translation>Choose columns</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>Show archived</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Writes every run the table lists, with its columns, as CSV</source>
        <translation>Writes every run the table lists, with its columns, as CSV</translation>
    </message>
    <message>
        <source>Number of runs</source>
        <translation>Number of runs</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>No runs match</source>
        <translation>No runs match</translation>
    </message>
    <message>
        <source>Export runs as CSV</source>
        <translation>Export runs as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>All experiments</source>
        <translation>All experiments</translation>
    </message>
    <message>
        <source>Experiment: %1</source>
        <translation>Experiment: %1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metrics</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Cannot read the runs</source>
        <translation>Cannot read the runs</translation>
    </message>
    <message numerus="yes">
        <source>%n+ run(s), counting…</source>
        <translation>
            <numerusform>%n+ run, counting…</numerusform>
            <numerusform>%n+ runs, counting…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScatterPlotPanel</name>
    <message>
        <source>X axis column</source>
        <translation>X axis column</translation>
    </message>
    <message>
        <source>Y axis column</source>
        <translation>Y axis column</translation>
    </message>
    <message>
        <source>&amp;X:</source>
        <translation>&amp;X:</translation>
    </message>
    <message>
        <source>&amp;Y:</source>
        <translation>&amp;Y:</translation>
    </message>
</context>
<context>
    <name>ScatterPlotView</name>
    <message>
        <source>a scatter plot</source>
        <translation>a scatter plot</translation>
    </message>
    <message>
        <source>No run has both %1 and %2.</source>
        <translation>No run has both %1 and %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) without both values</source>
        <translation>
            <numerusform>%n run without both values</numerusform>
            <numerusform>%n runs without both values</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScriptParamsDelegate</name>
    <message>
        <source>Parameter kind</source>
        <translation>Parameter kind</translation>
    </message>
    <message>
        <source>Dataset mode</source>
        <translation>Dataset mode</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
</context>
<context>
    <name>ScriptParamsModel</name>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Value: key and value; Flag: the key alone; Dataset: the key and the dataset&apos;s path</source>
        <translation>Value: key and value; Flag: the key alone; Dataset: the key and the dataset&apos;s path</translation>
    </message>
    <message>
        <source>Dataset NAME or NAME:VERSION</source>
        <translation>Dataset NAME or NAME:VERSION</translation>
    </message>
    <message>
        <source>Passed to the script exactly as written</source>
        <translation>Passed to the script exactly as written</translation>
    </message>
    <message>
        <source>mount: use the dataset in place; download: copy it next to the run</source>
        <translation>mount: use the dataset in place; download: copy it next to the run</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Value / dataset</source>
        <translation>Value / dataset</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
</context>
<context>
    <name>TargetDialog</name>
    <message>
        <source>Edit target %1</source>
        <translation>Edit target %1</translation>
    </message>
    <message>
        <source>Add compute target</source>
        <translation>Add compute target</translation>
    </message>
    <message>
        <source>Target name</source>
        <translation>Target name</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>Letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Target kind</source>
        <translation>Target kind</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>Target settings</source>
        <translation>Target settings</translation>
    </message>
    <message>
        <source>Problems with the target</source>
        <translation>Problems with the target</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Connection test result</translation>
    </message>
    <message>
        <source>Secrets stored in the keychain</source>
        <translation>Secrets stored in the keychain</translation>
    </message>
    <message>
        <source>Save the target</source>
        <translation>Save the target</translation>
    </message>
    <message>
        <source>Close without saving</source>
        <translation>Close without saving</translation>
    </message>
    <message>
        <source>Storing in the system keychain…</source>
        <translation>Storing in the system keychain…</translation>
    </message>
    <message>
        <source>%1, before testing: ssh reads it from there.</source>
        <translation>%1, before testing: ssh reads it from there.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
</context>
<context>
    <name>TargetKindPage</name>
    <message>
        <source>Maximum concurrent runs</source>
        <translation>Maximum concurrent runs</translation>
    </message>
    <message>
        <source>Runs beyond this number wait in the queue</source>
        <translation>Runs beyond this number wait in the queue</translation>
    </message>
    <message>
        <source>&amp;Max concurrent runs:</source>
        <translation>&amp;Max concurrent runs:</translation>
    </message>
    <message>
        <source>Cancel grace seconds</source>
        <translation>Cancel grace seconds</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Time between asking a cancelled run to stop and killing it</source>
        <translation>Time between asking a cancelled run to stop and killing it</translation>
    </message>
    <message>
        <source>Cancel &amp;grace:</source>
        <translation>Cancel &amp;grace:</translation>
    </message>
</context>
<context>
    <name>TargetLocalPage</name>
    <message>
        <source>Python interpreter</source>
        <translation>Python interpreter</translation>
    </message>
    <message>
        <source>Runs .py entry scripts; empty uses the system python3</source>
        <translation>Runs .py entry scripts; empty uses the system python3</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose the Python interpreter</source>
        <translation>Choose the Python interpreter</translation>
    </message>
    <message>
        <source>&amp;Python interpreter:</source>
        <translation>&amp;Python interpreter:</translation>
    </message>
    <message>
        <source>python: %1 does not exist</source>
        <translation>python: %1 does not exist</translation>
    </message>
    <message>
        <source>python: %1 is not an executable file</source>
        <translation>python: %1 is not an executable file</translation>
    </message>
    <message>
        <source>python: %1 is not found on PATH</source>
        <translation>python: %1 is not found on PATH</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>cannot start %1: %2</translation>
    </message>
    <message>
        <source>%1 --version did not answer within %2 s</source>
        <translation>%1 --version did not answer within %2 s</translation>
    </message>
    <message>
        <source>%1 --version failed (exit code %2): %3</source>
        <translation>%1 --version failed (exit code %2): %3</translation>
    </message>
</context>
<context>
    <name>TargetSecretField</name>
    <message>
        <source>Type to replace; kept only in the system keychain</source>
        <translation>Type to replace; kept only in the system keychain</translation>
    </message>
    <message>
        <source>Stored in the system keychain on Save (or before Test connection), never in the workspace</source>
        <translation>Stored in the system keychain on Save (or before Test connection), never in the workspace</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Forget</translation>
    </message>
    <message>
        <source>Forget the stored %1</source>
        <translation>Forget the stored %1</translation>
    </message>
    <message>
        <source>Removes it from the system keychain now</source>
        <translation>Removes it from the system keychain now</translation>
    </message>
    <message>
        <source>%1 in the keychain</source>
        <translation>%1 in the keychain</translation>
    </message>
    <message>
        <source>looking in the system keychain…</source>
        <translation>looking in the system keychain…</translation>
    </message>
    <message>
        <source>none stored</source>
        <translation>none stored</translation>
    </message>
    <message>
        <source>stored in the system keychain</source>
        <translation>stored in the system keychain</translation>
    </message>
    <message>
        <source>removing from the system keychain…</source>
        <translation>removing from the system keychain…</translation>
    </message>
</context>
<context>
    <name>TargetSlurmPage</name>
    <message>
        <source>Login node</source>
        <translation>Login node</translation>
    </message>
    <message>
        <source>An SSH target whose host is the cluster&apos;s login node; none when this machine is a cluster client itself</source>
        <translation>An SSH target whose host is the cluster&apos;s login node; none when this machine is a cluster client itself</translation>
    </message>
    <message>
        <source>None: this machine is a cluster client</source>
        <translation>None: this machine is a cluster client</translation>
    </message>
    <message>
        <source>&amp;Login node:</source>
        <translation>&amp;Login node:</translation>
    </message>
    <message>
        <source>&amp;Working folder:</source>
        <translation>&amp;Working folder:</translation>
    </message>
    <message>
        <source>Working folder</source>
        <translation>Working folder</translation>
    </message>
    <message>
        <source>the workspace&apos;s run folders (needed with a login node)</source>
        <translation>the workspace&apos;s run folders (needed with a login node)</translation>
    </message>
    <message>
        <source>A folder on the cluster&apos;s shared file system where the runs are built and run</source>
        <translation>A folder on the cluster&apos;s shared file system where the runs are built and run</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>Slurm partition</source>
        <translation>Slurm partition</translation>
    </message>
    <message>
        <source>required</source>
        <translation>required</translation>
    </message>
    <message>
        <source>The partition runs are submitted to</source>
        <translation>The partition runs are submitted to</translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation>A&amp;ccount:</translation>
    </message>
    <message>
        <source>Slurm account</source>
        <translation>Slurm account</translation>
    </message>
    <message>
        <source>the default account</source>
        <translation>the default account</translation>
    </message>
    <message>
        <source>The account charged for the runs</source>
        <translation>The account charged for the runs</translation>
    </message>
    <message>
        <source>&amp;QoS:</source>
        <translation>&amp;QoS:</translation>
    </message>
    <message>
        <source>Quality of service</source>
        <translation>Quality of service</translation>
    </message>
    <message>
        <source>the default QoS</source>
        <translation>the default QoS</translation>
    </message>
    <message>
        <source>Slurm quality of service</source>
        <translation>Slurm quality of service</translation>
    </message>
    <message>
        <source>&amp;Time limit:</source>
        <translation>&amp;Time limit:</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>the partition&apos;s default</source>
        <translation>the partition&apos;s default</translation>
    </message>
    <message>
        <source>sbatch --time: MINUTES, HH:MM:SS or D-HH:MM</source>
        <translation>sbatch --time: MINUTES, HH:MM:SS or D-HH:MM</translation>
    </message>
    <message>
        <source>CPUs per task</source>
        <translation>CPUs per task</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source>CPUs per task; default leaves it to Slurm</source>
        <translation>CPUs per task; default leaves it to Slurm</translation>
    </message>
    <message>
        <source>C&amp;PUs per task:</source>
        <translation>C&amp;PUs per task:</translation>
    </message>
    <message>
        <source>&amp;Memory per CPU:</source>
        <translation>&amp;Memory per CPU:</translation>
    </message>
    <message>
        <source>Memory per CPU</source>
        <translation>Memory per CPU</translation>
    </message>
    <message>
        <source>Megabytes, or with K, M, G or T (4G)</source>
        <translation>Megabytes, or with K, M, G or T (4G)</translation>
    </message>
    <message>
        <source>&amp;GPUs per node:</source>
        <translation>&amp;GPUs per node:</translation>
    </message>
    <message>
        <source>GPUs per node</source>
        <translation>GPUs per node</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>A number, optionally with a type (a100:2)</source>
        <translation>A number, optionally with a type (a100:2)</translation>
    </message>
    <message>
        <source>Extra &amp;#SBATCH options:</source>
        <translation>Extra &amp;#SBATCH options:</translation>
    </message>
    <message>
        <source>Extra sbatch options</source>
        <translation>Extra sbatch options</translation>
    </message>
    <message>
        <source>One option per line, e.g. --constraint=gpu</source>
        <translation>One option per line, e.g. --constraint=gpu</translation>
    </message>
    <message>
        <source>&amp;Setup lines:</source>
        <translation>&amp;Setup lines:</translation>
    </message>
    <message>
        <source>Setup lines</source>
        <translation>Setup lines</translation>
    </message>
    <message>
        <source>Shell lines the batch script runs before the job, one per line (module load cuda)</source>
        <translation>Shell lines the batch script runs before the job, one per line (module load cuda)</translation>
    </message>
    <message>
        <source>slurm.conf</source>
        <translation>slurm.conf</translation>
    </message>
    <message>
        <source>SLURM_CONF, else the client&apos;s default</source>
        <translation>SLURM_CONF, else the client&apos;s default</translation>
    </message>
    <message>
        <source>The slurm.conf the client commands use</source>
        <translation>The slurm.conf the client commands use</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose slurm.conf</source>
        <translation>Choose slurm.conf</translation>
    </message>
    <message>
        <source>slurm.c&amp;onf:</source>
        <translation>slurm.c&amp;onf:</translation>
    </message>
    <message>
        <source>P&amp;ython interpreter:</source>
        <translation>P&amp;ython interpreter:</translation>
    </message>
    <message>
        <source>Python interpreter</source>
        <translation>Python interpreter</translation>
    </message>
    <message>
        <source>Runs .py entry scripts on the nodes</source>
        <translation>Runs .py entry scripts on the nodes</translation>
    </message>
    <message>
        <source>MPI p&amp;lugin:</source>
        <translation>MPI p&amp;lugin:</translation>
    </message>
    <message>
        <source>MPI plugin</source>
        <translation>MPI plugin</translation>
    </message>
    <message>
        <source>srun&apos;s --mpi plugin for distributed_training mpi (pmix, pmi2); none: mpirun inside the allocation</source>
        <translation>srun&apos;s --mpi plugin for distributed_training mpi (pmix, pmi2); none: mpirun inside the allocation</translation>
    </message>
    <message>
        <source>partition: a Slurm target needs a partition</source>
        <translation>partition: a Slurm target needs a partition</translation>
    </message>
    <message>
        <source>workdir: a Slurm target reached through a login node needs a working folder on the cluster&apos;s shared file system</source>
        <translation>workdir: a Slurm target reached through a login node needs a working folder on the cluster&apos;s shared file system</translation>
    </message>
    <message>
        <source>slurm_conf: %1 does not exist</source>
        <translation>slurm_conf: %1 does not exist</translation>
    </message>
    <message numerus="yes">
        <source>The controller lists %n partition(s)</source>
        <translation>
            <numerusform>The controller lists %n partition</numerusform>
            <numerusform>The controller lists %n partitions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TargetSshPage</name>
    <message>
        <source>SSH host</source>
        <translation>SSH host</translation>
    </message>
    <message>
        <source>Name, address or ~/.ssh/config alias</source>
        <translation>Name, address or ~/.ssh/config alias</translation>
    </message>
    <message>
        <source>An alias of ~/.ssh/config works as is, with its ProxyJump, User, Port and IdentityFile</source>
        <translation>An alias of ~/.ssh/config works as is, with its ProxyJump, User, Port and IdentityFile</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>SSH port</source>
        <translation>SSH port</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
    <message>
        <source>Default: ssh&apos;s configuration, usually 22</source>
        <translation>Default: ssh&apos;s configuration, usually 22</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>Remote user</source>
        <translation>Remote user</translation>
    </message>
    <message>
        <source>Default: ssh&apos;s configuration</source>
        <translation>Default: ssh&apos;s configuration</translation>
    </message>
    <message>
        <source>The account on the remote machine</source>
        <translation>The account on the remote machine</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>Identity file</translation>
    </message>
    <message>
        <source>Default: the SSH agent and ssh&apos;s configuration</source>
        <translation>Default: the SSH agent and ssh&apos;s configuration</translation>
    </message>
    <message>
        <source>The private key to log in with; a passphrase comes from the system keychain</source>
        <translation>The private key to log in with; a passphrase comes from the system keychain</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Choose the identity file</source>
        <translation>Choose the identity file</translation>
    </message>
    <message>
        <source>&amp;Identity file:</source>
        <translation>&amp;Identity file:</translation>
    </message>
    <message>
        <source>Remote working folder</source>
        <translation>Remote working folder</translation>
    </message>
    <message>
        <source>Where runs, uploaded snapshots and datasets live on the remote machine</source>
        <translation>Where runs, uploaded snapshots and datasets live on the remote machine</translation>
    </message>
    <message>
        <source>&amp;Working folder:</source>
        <translation>&amp;Working folder:</translation>
    </message>
    <message>
        <source>Remote Python interpreter</source>
        <translation>Remote Python interpreter</translation>
    </message>
    <message>
        <source>Runs .py entry scripts on the remote machine</source>
        <translation>Runs .py entry scripts on the remote machine</translation>
    </message>
    <message>
        <source>&amp;Python on the remote:</source>
        <translation>&amp;Python on the remote:</translation>
    </message>
    <message>
        <source>Other hosts of multi-node runs</source>
        <translation>Other hosts of multi-node runs</translation>
    </message>
    <message>
        <source>none: every run on the host above</source>
        <translation>none: every run on the host above</translation>
    </message>
    <message>
        <source>More hosts for runs with node_count above 1, comma-separated (gpu2, gpu3:2222): they share the working folder and the host above reaches them over ssh</source>
        <translation>More hosts for runs with node_count above 1, comma-separated (gpu2, gpu3:2222): they share the working folder and the host above reaches them over ssh</translation>
    </message>
    <message>
        <source>Other &amp;hosts:</source>
        <translation>Other &amp;hosts:</translation>
    </message>
    <message>
        <source>Remote run folder cleanup</source>
        <translation>Remote run folder cleanup</translation>
    </message>
    <message>
        <source>What happens to a run&apos;s folder on the remote once its outputs and logs are home</source>
        <translation>What happens to a run&apos;s folder on the remote once its outputs and logs are home</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>keep</translation>
    </message>
    <message>
        <source>delete on success</source>
        <translation>delete on success</translation>
    </message>
    <message>
        <source>delete always</source>
        <translation>delete always</translation>
    </message>
    <message>
        <source>&amp;Cleanup:</source>
        <translation>&amp;Cleanup:</translation>
    </message>
    <message>
        <source>Connection limit seconds</source>
        <translation>Connection limit seconds</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long a run may stay disconnected before it fails; the remote job goes on while the app reconnects</source>
        <translation>How long a run may stay disconnected before it fails; the remote job goes on while the app reconnects</translation>
    </message>
    <message>
        <source>Connection &amp;limit:</source>
        <translation>Connection &amp;limit:</translation>
    </message>
    <message>
        <source>Passed environment variables</source>
        <translation>Passed environment variables</translation>
    </message>
    <message>
        <source>NAME,NAME,…</source>
        <translation>NAME,NAME,…</translation>
    </message>
    <message>
        <source>Variables of this machine&apos;s environment that runs see, besides LANG and LC_*</source>
        <translation>Variables of this machine&apos;s environment that runs see, besides LANG and LC_*</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Environment:</translation>
    </message>
    <message>
        <source>Login password</source>
        <translation>Login password</translation>
    </message>
    <message>
        <source>For a host that asks for a password; ssh gets it from the system keychain</source>
        <translation>For a host that asks for a password; ssh gets it from the system keychain</translation>
    </message>
    <message>
        <source>P&amp;assword:</source>
        <translation>P&amp;assword:</translation>
    </message>
    <message>
        <source>Identity file passphrase</source>
        <translation>Identity file passphrase</translation>
    </message>
    <message>
        <source>For an identity file protected by a passphrase</source>
        <translation>For an identity file protected by a passphrase</translation>
    </message>
    <message>
        <source>Key pa&amp;ssphrase:</source>
        <translation>Key pa&amp;ssphrase:</translation>
    </message>
    <message>
        <source>identity_file: %1 does not exist</source>
        <translation>identity_file: %1 does not exist</translation>
    </message>
    <message>
        <source>identity_file: %1 is not a readable file</source>
        <translation>identity_file: %1 is not a readable file</translation>
    </message>
    <message>
        <source>host: expected a non-empty text</source>
        <translation>host: expected a non-empty text</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connected to %1</translation>
    </message>
    <message>
        <source>%1; reading its host key failed: %2</source>
        <translation>%1; reading its host key failed: %2</translation>
    </message>
    <message>
        <source>The host key of %1 is not trusted yet</source>
        <translation>The host key of %1 is not trusted yet</translation>
    </message>
    <message>
        <source>Not trusted: the host key of %1 was not accepted; nothing was written</source>
        <translation>Not trusted: the host key of %1 was not accepted; nothing was written</translation>
    </message>
    <message>
        <source>the password</source>
        <translation>the password</translation>
    </message>
    <message>
        <source>the key passphrase</source>
        <translation>the key passphrase</translation>
    </message>
    <message>
        <source>Stored in the system keychain: %1</source>
        <translation>Stored in the system keychain: %1</translation>
    </message>
    <message>
        <source> and </source>
        <translation> and </translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Compute targets</source>
        <translation>Compute targets</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <source>Add a compute target</source>
        <translation>Add a compute target</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Edit the selected target</source>
        <translation>Edit the selected target</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>Remove the selected target</source>
        <translation>Remove the selected target</translation>
    </message>
    <message>
        <source>max %1 concurrent, %2, cancel grace %3 s</source>
        <translation>max %1 concurrent, %2, cancel grace %3 s</translation>
    </message>
    <message>
        <source>%1, max %2 concurrent, %3, cleanup %4</source>
        <translation>%1, max %2 concurrent, %3, cleanup %4</translation>
    </message>
    <message>
        <source>(no host)</source>
        <translation>(no host)</translation>
    </message>
    <message>
        <source>partition %1, max %2 concurrent, time limit %3</source>
        <translation>partition %1, max %2 concurrent, time limit %3</translation>
    </message>
    <message>
        <source>the partition&apos;s</source>
        <translation>the partition&apos;s</translation>
    </message>
    <message>
        <source>The built-in local target cannot be removed</source>
        <translation>The built-in local target cannot be removed</translation>
    </message>
    <message>
        <source>Edit target</source>
        <translation>Edit target</translation>
    </message>
    <message>
        <source>Target %1 no longer exists</source>
        <translation>Target %1 no longer exists</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>Remove target</translation>
    </message>
    <message>
        <source>Remove the compute target %1? Runs already submitted to it keep their records.</source>
        <translation>Remove the compute target %1? Runs already submitted to it keep their records.</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>Getting started</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>No runs yet</translation>
    </message>
    <message>
        <source>Drop a project folder here, the folder with your training script, to fill in an estimator and submit your first run. Or open one, or try the sample project: a small scikit-learn script that logs its accuracy.</source>
        <translation>Drop a project folder here, the folder with your training script, to fill in an estimator and submit your first run. Or open one, or try the sample project: a small scikit-learn script that logs its accuracy.</translation>
    </message>
    <message>
        <source>Open Project Folder…</source>
        <translation>Open Project Folder…</translation>
    </message>
    <message>
        <source>Try the Sample Project</source>
        <translation>Try the Sample Project</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>cannot create %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>cannot write %1</translation>
    </message>
    <message>
        <source>this build has no sample project</source>
        <translation>this build has no sample project</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Trainyard: submit, watch and compare ML training runs.
A second start hands its argument to the window already open.</source>
        <translation>Trainyard: submit, watch and compare ML training runs.
A second start hands its argument to the window already open.</translation>
    </message>
    <message>
        <source>Workspace folder to open.</source>
        <translation>Workspace folder to open.</translation>
    </message>
    <message>
        <source>Save PNGs of the main views to DIR, then quit (for the README; run under Xvfb).</source>
        <translation>Save PNGs of the main views to DIR, then quit (for the README; run under Xvfb).</translation>
    </message>
    <message>
        <source>A project folder or estimator file to open in the estimator form, or a run link trainyard://run/ID to show.</source>
        <translation>A project folder or estimator file to open in the estimator form, or a run link trainyard://run/ID to show.</translation>
    </message>
</context>
</TS>
