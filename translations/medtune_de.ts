<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Token statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record fits the length policy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filtering records</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui</name>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>MedTune Workbench</source>
        <translation>MedTune Workbench</translation>
    </message>
    <message>
        <source>Open this workspace folder.</source>
        <translation>Diesen Arbeitsbereich-Ordner öffnen.</translation>
    </message>
    <message>
        <source>Open the demo workspace.</source>
        <translation>Den Demo-Arbeitsbereich öffnen.</translation>
    </message>
    <message>
        <source>libtorch compute threads (0 = all cores).</source>
        <translation>Rechen-Threads für libtorch (0 = alle Kerne).</translation>
    </message>
</context>
<context>
    <name>medtune::ui::DatasetsPage</name>
    <message>
        <source>&amp;Import...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in &amp;Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compute token lengths</source>
        <translation>Token-Längen &amp;berechnen</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation type="unfinished">Datensätze</translation>
    </message>
    <message>
        <source>The datasets of this workspace with their record counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import files as a new dataset (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected dataset from the workspace (the source files stay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Datasets&lt;/b&gt;</source>
        <translation>&lt;b&gt;Datensätze&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Search id, question, context, document, answer (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>Alle Splits</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>Alle Aufgaben</translation>
    </message>
    <message>
        <source>Medical QA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one split only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one task only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show records with one label (PubMedQA decision, MedMCQA answer) or unlabelled ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show records of one source only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filtering... %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a record to see all its fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See this record&apos;s prompt and which tokens are trained (Enter in the table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenizer.model of a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SentencePiece model that counts tokens (a model folder&apos;s tokenizer.model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>The instruction template that turns records into prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Maximum sequence length; longer documents or contexts are cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenize every record (cached for training) and plot the lengths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>&amp;Datensätze</translation>
    </message>
    <message>
        <source>&amp;Statistics</source>
        <translation>&amp;Statistik</translation>
    </message>
    <message>
        <source>No datasets yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own JSONL, JSON, CSV or TSV files to browse, search and inspect them here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a dataset...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1
%n record(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 records; formats %3; imported %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dataset cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>Alle Labels</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Alle Quellen</translation>
    </message>
    <message>
        <source>unlabelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a tokenizer and press &quot;Compute token lengths&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>Antwort-Token</translation>
    </message>
    <message>
        <source>Filtering...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>(none: this record is unlabelled)</source>
        <translation>(keine: dieser Datensatz ist nicht gelabelt)</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; (%2 records) from this workspace? The source files are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SentencePiece models (*.model);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 records, %3 labelled; mean input %4 characters (longest %5), mean answer %6 characters. Formats: %7.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Datensätze, %3 gelabelt; mittlere Eingabe %4 Zeichen (längste %5), mittlere Antwort %6 Zeichen. Formate: %7.</translation>
    </message>
    <message>
        <source>Label distribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No class labels (PubMedQA decisions or MedMCQA answers) in this dataset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records per split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a tokenizer.model first (the demo model&apos;s, or any model folder&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token statistics failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt tokens (BOS and prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer tokens (answer and EOS)</source>
        <translation>Antwort-Token (Antwort und EOS)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 records formatted; %3 truncated (%4 tokens cut from documents or contexts); prompt median %5, p99 %6; answer median %7, p99 %8.%9</source>
        <translation>%1 von %2 Datensätzen formatiert; %3 gekürzt (%4 Token aus Dokumenten oder Kontexten entfernt); Prompt-Median %5, p99 %6; Antwort-Median %7, p99 %8.%9</translation>
    </message>
    <message>
        <source>Skipped: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::FormatPage</name>
    <message>
        <source>&amp;Save template</source>
        <translation>Vorlage &amp;speichern</translation>
    </message>
    <message>
        <source>The dataset to take a record from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record number (Page Up/Down steps by ten)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instruction template; edit it on the right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Maximum sequence length (BOS + prompt + answer + EOS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the beginning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the middle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which part of an over-long document or context is removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokenizer.model of a model folder, or any .model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SentencePiece tokenizer: the demo model&apos;s by default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose a model folder&apos;s tokenizer.model or another .model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>&amp;Record:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>&amp;Max length:</source>
        <translation>&amp;Max. Länge:</translation>
    </message>
    <message>
        <source>To&amp;kenizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hover a token for its id and label; click the strip and use the arrow keys to walk it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Tokens&lt;/b&gt;</source>
        <translation>&lt;b&gt;Token&lt;/b&gt;</translation>
    </message>
    <message>
        <source>trained (loss computed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked (label -100: BOS and prompt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt (what the model reads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target (what it learns to answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt up to where the answer starts. Placeholders: {system}, {task}, {user}; &lt;s&gt; and &lt;/s&gt; become the BOS/EOS control tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system message that {system} stands for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown between the prompt and the answer in display text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the template to this workspace (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>S&amp;ystem:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>Answer &amp;separator:</source>
        <translation>Antwort-&amp;Trennzeichen:</translation>
    </message>
    <message>
        <source>Context label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1 (integriert)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This dataset cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <source>Choose a tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SentencePiece models (*.model);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Valid template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <source>✓ Saved &quot;%1&quot; to this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;No datasets yet&lt;/h3&gt;Import a dataset in the Datasets section (Ctrl+1), then choose one of its records here to see its prompt and exactly which tokens are trained.</source>
        <translation>&lt;h3&gt;Noch keine Datensätze&lt;/h3&gt;Importieren Sie einen Datensatz im Bereich Datensätze (Strg+1) und wählen Sie dann hier einen seiner Einträge, um seinen Prompt und die genau trainierten Token zu sehen.</translation>
    </message>
    <message>
        <source>Choose a dataset above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dataset has no records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Choose a tokenizer&lt;/h3&gt;Pick a model folder&apos;s tokenizer.model (or any SentencePiece .model file) above. The demo model&apos;s is used when the workspace has one.</source>
        <translation>&lt;h3&gt;Tokenizer wählen&lt;/h3&gt;Wählen Sie oben die tokenizer.model eines Modellordners (oder eine beliebige SentencePiece-.model-Datei). Die des Demo-Modells wird verwendet, wenn der Arbeitsbereich eines enthält.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;The tokenizer cannot be loaded&lt;/h3&gt;%1</source>
        <translation>&lt;h3&gt;Der Tokenizer kann nicht geladen werden&lt;/h3&gt;%1</translation>
    </message>
    <message>
        <source>Record %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>(no reference answer)</source>
        <translation>(keine Referenzantwort)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not trained:&lt;/b&gt; %1. Prompt %2 tokens (BOS included); every token is masked.</source>
        <translation>&lt;b&gt;Nicht trainiert:&lt;/b&gt; %1. Prompt %2 Token (inkl. BOS); jedes Token ist maskiert.</translation>
    </message>
    <message>
        <source>nothing to cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n token(s) cut&lt;/b&gt; from the %1 (%2)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no truncation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt &lt;b&gt;%1&lt;/b&gt; tokens (BOS included) · answer &lt;b&gt;%2&lt;/b&gt; (EOS included) · total &lt;b&gt;%3&lt;/b&gt; of %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::ImportDialog</name>
    <message>
        <source>Column mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>Import abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one or more files to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own JSONL, JSON, CSV or TSV files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The format is detected from the file&apos;s first bytes; choose another to override it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default: the first file&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As in the file</source>
        <translation>Wie in der Datei</translation>
    </message>
    <message>
        <source>Medical QA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force the task of every record (useful for your own files without a task column)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Task:</source>
        <translation>&amp;Aufgabe:</translation>
    </message>
    <message>
        <source>Which column of your file holds each field of an example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview of the first records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import report appears here: records read, imported and skipped, with the file and line of every problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the files into this workspace as one dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import dataset files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset files (*.json *.jsonl *.csv *.tsv *.xml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recognized: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (column &quot;%1&quot;)</source>
        <translation>Automatisch (Spalte &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>Automatic (none)</source>
        <translation>Automatisch (keine)</translation>
    </message>
    <message>
        <source>The column that holds the example&apos;s %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a field of the mapping (fields: %2).</source>
        <translation>&quot;%1&quot; ist kein Feld der Zuordnung (Felder: %2).</translation>
    </message>
    <message>
        <source>The file has no column &quot;%1&quot; (columns: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question / document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>Die Datei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No record of the first ones imports with this format and mapping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown as they will import.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) among them would be skipped, e.g. %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 KiB</source>
        <translation>%1 von %2 KiB</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>These files were imported before as &quot;%1&quot; (%n record(s)); nothing changed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported &quot;%1&quot;: %n record(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) dropped.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2): read %3, imported %4, skipped %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  skipped (%1): %2</source>
        <translation>  übersprungen (%1): %2</translation>
    </message>
    <message>
        <source>  note: %1</source>
        <translation>  Hinweis: %1</translation>
    </message>
    <message>
        <source>  (the first %1 problems are listed)</source>
        <translation>  (die ersten %1 Probleme sind aufgeführt)</translation>
    </message>
</context>
<context>
    <name>medtune::ui::MainWindow</name>
    <message>
        <source>No datasets yet. Import PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own JSONL/CSV files to browse, search and inspect them here.</source>
        <translation>Noch keine Datensätze. Importieren Sie PubMedQA, MedMCQA, MEDIQA, PubMed-Zusammenfassungen oder eigene JSONL/CSV-Dateien, um sie hier zu durchsuchen und zu prüfen.</translation>
    </message>
    <message>
        <source>Every example becomes one instruction prompt. Once a dataset is imported, choose a record here to see its prompt and exactly which tokens are trained.</source>
        <translation>Jedes Beispiel wird zu einem Instruktions-Prompt. Sobald ein Datensatz importiert ist, wählen Sie hier einen Eintrag, um seinen Prompt und genau die trainierten Tokens zu sehen.</translation>
    </message>
    <message>
        <source>Train LoRA adapters on a frozen base model, with live loss and perplexity plots. Import a dataset and choose a model folder to begin.</source>
        <translation>Trainieren Sie LoRA-Adapter auf einem eingefrorenen Basismodell, mit Live-Diagrammen von Verlust und Perplexität. Importieren Sie einen Datensatz und wählen Sie einen Modellordner, um zu beginnen.</translation>
    </message>
    <message>
        <source>No training runs in this workspace yet. Runs you start appear here with their status and metrics, ready to compare and resume.</source>
        <translation>Noch keine Trainingsläufe in diesem Arbeitsbereich. Gestartete Läufe erscheinen hier mit Status und Metriken, bereit zum Vergleichen und Fortsetzen.</translation>
    </message>
    <message>
        <source>Generate answers and summaries with the base model and an adapter side by side, once a model is available.</source>
        <translation>Erzeugen Sie Antworten und Zusammenfassungen mit dem Basismodell und einem Adapter nebeneinander, sobald ein Modell verfügbar ist.</translation>
    </message>
    <message>
        <source>No review sessions yet. Generate outputs or import them, then judge correctness, hallucination and more side by side.</source>
        <translation>Noch keine Begutachtungssitzungen. Erzeugen oder importieren Sie Ausgaben und beurteilen Sie dann Korrektheit, Halluzinationen und mehr nebeneinander.</translation>
    </message>
    <message>
        <source>Review reports with metrics, agreement and examples appear here once a review session has judgments.</source>
        <translation>Begutachtungsberichte mit Metriken, Übereinstimmung und Beispielen erscheinen hier, sobald eine Sitzung Bewertungen enthält.</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Begutachtung</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>MedTune Workbench</source>
        <translation>MedTune Workbench</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>No jobs running</source>
        <translation>Keine laufenden Aufträge</translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Workspace...</source>
        <translation>&amp;Neuer Arbeitsbereich …</translation>
    </message>
    <message>
        <source>&amp;Open Workspace...</source>
        <translation>Arbeitsbereich ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About MedTune Workbench</source>
        <translation>Ü&amp;ber MedTune Workbench</translation>
    </message>
    <message>
        <source>New Workspace: choose an empty folder</source>
        <translation>Neuer Arbeitsbereich: einen leeren Ordner wählen</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>About MedTune Workbench</source>
        <translation>Über MedTune Workbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MedTune Workbench %1&lt;/h3&gt;&lt;p&gt;Adapt small LLaMA-style language models to medical question answering and clinical summarization with LoRA, and judge the results by hand.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MedTune Workbench %1&lt;/h3&gt;&lt;p&gt;Passen Sie kleine Sprachmodelle im LLaMA-Stil mit LoRA an medizinische Fragebeantwortung und klinische Zusammenfassung an und beurteilen Sie die Ergebnisse selbst.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo workspace could not be prepared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
</context>
<context>
    <name>medtune::ui::MetricChart</name>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::PlaygroundPage</name>
    <message>
        <source>&amp;Your prompt</source>
        <translation>&amp;Ihr Prompt</translation>
    </message>
    <message>
        <source>A &amp;test record</source>
        <translation>Ein &amp;Testdatensatz</translation>
    </message>
    <message>
        <source>&amp;Greedy (always the most likely token)</source>
        <translation>&amp;Greedy (immer das wahrscheinlichste Token)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Prompt as the model reads it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model output</source>
        <translation>Basismodell-Ausgabe</translation>
    </message>
    <message>
        <source>Adapter output</source>
        <translation>Adapter-Ausgabe</translation>
    </message>
    <message>
        <source>Reference answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Base model&lt;/b&gt;</source>
        <translation>&lt;b&gt;Basismodell&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;With adapter&lt;/b&gt;</source>
        <translation>&lt;b&gt;Mit Adapter&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Base model folder</source>
        <translation>Basismodell-Ordner</translation>
    </message>
    <message>
        <source>A run&apos;s final or best adapter, or an adapter folder of your own</source>
        <translation>Der finale oder beste Adapter eines Laufs oder ein eigener Adapter-Ordner</translation>
    </message>
    <message>
        <source>Ask a medical question, e.g. Does regular aspirin use lower the risk of colorectal cancer?</source>
        <translation>Stellen Sie eine medizinische Frage, z. B. Senkt die regelmäßige Einnahme von Aspirin das Risiko für Darmkrebs?</translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Above 1 discourages repeating tokens already present</source>
        <translation>Über 1 wird die Wiederholung bereits vorhandener Token erschwert</translation>
    </message>
    <message>
        <source>Generate with the base model, then with the adapter (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop generating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose an adapter folder (adapter_config.json, adapter_model.safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter folder</source>
        <translation>Adapter-Ordner</translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <source>Adapter:</source>
        <translation>Adapter:</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test record:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repetition penalty:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Prompt as the model reads it&lt;/b&gt;</source>
        <translation>&lt;b&gt;Prompt, wie das Modell ihn liest&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reference answer&lt;/b&gt;</source>
        <translation>&lt;b&gt;Referenzantwort&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;With adapter&lt;/b&gt; (none chosen)</source>
        <translation>&lt;b&gt;Mit Adapter&lt;/b&gt; (keiner gewählt)</translation>
    </message>
    <message>
        <source>&lt;b&gt;With adapter&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Mit Adapter&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>None (base model only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (run %2): final adapter, step %3</source>
        <translation>%1 (Lauf %2): finaler Adapter, Schritt %3</translation>
    </message>
    <message>
        <source>%1 (run %2): best adapter, step %3</source>
        <translation>%1 (Lauf %2): bester Adapter, Schritt %3</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <source>%1 record %2 (%3): %4</source>
        <translation>%1 Datensatz %2 (%3): %4</translation>
    </message>
    <message>
        <source>This dataset has no test records.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a base model folder (the demo model is made on first start in models/demo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a prompt or choose a test record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a prompt or choose a test record</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Prompt: %n tokens</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> &lt;i&gt;(%n tokens, stopped: %1)&lt;/i&gt;</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Playground: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>Alle Kerne (%1)</translation>
    </message>
    <message>
        <source>Threads libtorch uses for matrix work. More than the machine&apos;s cores slows it down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where models run. GPUs appear when the libtorch in use was built with CUDA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (%1 here)</source>
        <translation>Automatisch (hier %1)</translation>
    </message>
    <message>
        <source>Number format of the frozen base weights. LoRA weights and optimizer state are always float32.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>Base &amp;weights:</source>
        <translation>Basis-&amp;Gewichte:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Workspace:</source>
        <translation>&amp;Arbeitsbereich:</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace opens at the next start; File &gt; Open Workspace switches now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::RecordTableModel</name>
    <message>
        <source>damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question / document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
</context>
<context>
    <name>medtune::ui::ReportsPage</name>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the report as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No review sessions yet&lt;/h3&gt;&lt;p&gt;Reports with automatic metrics, clinician ratings, agreement between reviewers and examples appear here once outputs are imported and judged.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Begutachtungssitzungen&lt;/h3&gt;&lt;p&gt;Berichte mit automatischen Metriken, klinischen Bewertungen, Übereinstimmung zwischen Gutachtern und Beispielen erscheinen hier, sobald Ausgaben importiert und bewertet sind.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 items, %2 reviewers</source>
        <translation>%1 Elemente, %2 Gutachter</translation>
    </message>
    <message>
        <source>There is no session to report on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>%1-Dateien (*.%2)</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::ReviewPage</name>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name or initials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start reviewing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import outputs...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No review sessions yet. Import model outputs (JSONL or CSV with id, source, reference, output and system) with &quot;Import outputs...&quot; or medtune-cli review import-outputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a session, enter your name or initials and press Start reviewing. In blind sessions you see the items in your own random order and the systems stay hidden until you submit each item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your name or initials first: judgments are stored per reviewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no session to review yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the review</source>
        <translation>Die Begutachtung kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Import outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outputs (*.jsonl *.json *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session (new or existing):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System name (leave empty when the file has a system column):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 records imported into session %3.</source>
        <translation>%1 von %2 Datensätzen in Sitzung %3 importiert.</translation>
    </message>
    <message>
        <source>Skipped %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::ReviewPanel</name>
    <message>
        <source>No session started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m submitted</source>
        <translation>%v von %m abgeschickt</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in source (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark span (H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected output text as a hallucination of the chosen type and severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked spans; Delete removes the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous (P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag (F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next (N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: 1-9 score, Up/Down criterion, H mark span, N/P next/previous, S skip, F flag, Ctrl+Enter submit, Ctrl+F find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No review session with id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last item. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Output A was %1, output B was %2.</source>
        <translation> Ausgabe A war %1, Ausgabe B war %2.</translation>
    </message>
    <message>
        <source>Submitted item %1 at %2.%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no reference)</source>
        <translation>(keine Referenz)</translation>
    </message>
    <message>
        <source>Comment (Enter to save)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1 (Schlüssel %2)</translation>
    </message>
    <message>
        <source>Saved %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved a %1 %2 span at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select text in an output first, then press H to mark it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2, %3</source>
        <translation>&quot;%1&quot;: %2, %3</translation>
    </message>
    <message>
        <source>This session has no items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flagged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::RunListModel</name>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best val. loss</source>
        <translation>Bester Val.-Verlust</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test perplexity</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::RunsPage</name>
    <message>
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare configurations</source>
        <translation>Konfigurationen &amp;vergleichen</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Open folder</source>
        <translation>Ordner ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Delete...</source>
        <translation>&amp;Löschen...</translation>
    </message>
    <message>
        <source>Training runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the settings in which two selected runs differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue a stopped or interrupted run from its last checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected runs with their checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished">Läufe</translation>
    </message>
    <message>
        <source>No training runs in this workspace yet. Runs you start in Training, or with &apos;medtune-cli train&apos;, appear here with their status and metrics, ready to compare and resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select runs to see their curves; select two to compare their settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n runs selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Settings of %1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht festgelegt)</translation>
    </message>
    <message>
        <source>The two runs used identical settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n settings differ.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) with their checkpoints and adapters? This cannot be undone.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medtune::ui::TokenStrip</name>
    <message>
        <source>Token strip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;position %2 of %3&lt;br&gt;id %4&lt;br&gt;label %5 (%6)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Position %2 von %3&lt;br&gt;ID %4&lt;br&gt;Label %5 (%6)</translation>
    </message>
    <message>
        <source>trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked, no loss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>medtune::ui::TrainingPage</name>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate and throughput</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new run with these settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause after the current micro-batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the paused run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the run; it can be resumed from its last checkpoint in Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration of the running job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration of the run appears here once it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this chart as PNG or PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose the base model folder (config.json, model.safetensors, tokenizer.model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model folder</source>
        <translation>Basismodell-Ordner</translation>
    </message>
    <message>
        <source>Number format of the frozen base weights; auto picks bfloat16 where it is fast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>Tick the datasets to train on; the weight sets each one&apos;s share of the mixture, the cap limits its training examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datasets and mixture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest sequence (prompt and answer) in tokens; longer documents are cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the beginning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep both ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut long documents:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank of the low-rank update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale: the update is multiplied by alpha / r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank r:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpha:</source>
        <translation>Alpha:</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target modules:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer and schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the optimizer steps spent warming up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up ratio:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches and length</source>
        <translation>Batches und Länge</translation>
    </message>
    <message>
        <source>Sequences per forward pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batches per optimizer step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer steps; when set, it overrides the epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only at the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Micro-batch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accumulation:</source>
        <translation>Akkumulation:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>Checkpoint alle:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n examples)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one target module for LoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a dataset first (Datasets section)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one dataset to train on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an instruction template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training (raw)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training (smoothed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>Training kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Resume run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is already going; stop it first.</source>
        <translation>Ein Lauf ist bereits aktiv; stoppen Sie ihn zuerst.</translation>
    </message>
    <message>
        <source>Cannot resume run %1</source>
        <translation>Lauf %1 kann nicht fortgesetzt werden</translation>
    </message>
    <message>
        <source>Run %1 started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data: %1 training, %2 validation and %3 test sequences, %4 truncated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint at step %1: %2</source>
        <translation>Checkpoint bei Schritt %1: %2</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training run %1 (paused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped; resume it from the Runs section.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed: %1 steps, final training loss %2, test perplexity %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training: starting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch %1, %2 tokens/s, %3 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest GUI-thread stall during the run: %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
