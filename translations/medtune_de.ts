<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Token statistics</source>
        <translation>Token-Statistik</translation>
    </message>
    <message>
        <source>records</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>No record fits the length policy.</source>
        <translation>Kein Eintrag erfüllt die Längenvorgabe.</translation>
    </message>
    <message>
        <source>Importing dataset</source>
        <translation>Datensatz wird importiert</translation>
    </message>
    <message>
        <source>Filtering records</source>
        <translation>Einträge werden gefiltert</translation>
    </message>
</context>
<context>
    <name>medtune::Rubric</name>
    <message>
        <source>1 very poor</source>
        <translation>1 sehr schlecht</translation>
    </message>
    <message>
        <source>2 poor</source>
        <translation>2 schlecht</translation>
    </message>
    <message>
        <source>3 acceptable</source>
        <translation>3 akzeptabel</translation>
    </message>
    <message>
        <source>4 good</source>
        <translation>4 gut</translation>
    </message>
    <message>
        <source>5 excellent</source>
        <translation>5 ausgezeichnet</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Minor</source>
        <translation>Gering</translation>
    </message>
    <message>
        <source>Major</source>
        <translation>Schwer</translation>
    </message>
    <message>
        <source>Correctness</source>
        <translation>Korrektheit</translation>
    </message>
    <message>
        <source>Agreement with scientific consensus and the reference (Med-PaLM; Van Veen et al.).</source>
        <translation>Übereinstimmung mit dem wissenschaftlichen Konsens und der Referenz (Med-PaLM; Van Veen et al.).</translation>
    </message>
    <message>
        <source>Hallucination</source>
        <translation>Halluzination</translation>
    </message>
    <message>
        <source>Content not supported by the source; mark the spans (CREOLA: fabrication, negation, causality, contextual; minor or major).</source>
        <translation>Inhalt, den die Quelle nicht stützt; markieren Sie die Textstellen (CREOLA: Erfindung, Negation, Kausalität, Kontext; gering oder schwer).</translation>
    </message>
    <message>
        <source>Omission</source>
        <translation>Auslassung</translation>
    </message>
    <message>
        <source>Key information from the source or reference that is missing (CREOLA, PDSQI-9).</source>
        <translation>Wichtige Information aus Quelle oder Referenz, die fehlt (CREOLA, PDSQI-9).</translation>
    </message>
    <message>
        <source>Verbosity</source>
        <translation>Ausführlichkeit</translation>
    </message>
    <message>
        <source>Length and conciseness (Van Veen et al.: conciseness).</source>
        <translation>Länge und Prägnanz (Van Veen et al.: Prägnanz).</translation>
    </message>
    <message>
        <source>Too short</source>
        <translation>Zu kurz</translation>
    </message>
    <message>
        <source>About right</source>
        <translation>Angemessen</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>Zu lang</translation>
    </message>
    <message>
        <source>Coherence</source>
        <translation>Kohärenz</translation>
    </message>
    <message>
        <source>Clear, well-organised language.</source>
        <translation>Klare, gut gegliederte Sprache.</translation>
    </message>
    <message>
        <source>Structure</source>
        <translation>Struktur</translation>
    </message>
    <message>
        <source>Organisation of the summary (PDSQI-9: organised).</source>
        <translation>Gliederung der Zusammenfassung (PDSQI-9: gegliedert).</translation>
    </message>
    <message>
        <source>Informativeness</source>
        <translation>Informationsgehalt</translation>
    </message>
    <message>
        <source>Completeness of the summary (Van Veen et al.: completeness).</source>
        <translation>Vollständigkeit der Zusammenfassung (Van Veen et al.: Vollständigkeit).</translation>
    </message>
    <message>
        <source>Appropriate abstention</source>
        <translation>Angemessene Zurückhaltung</translation>
    </message>
    <message>
        <source>When the context is insufficient, does the output say so instead of guessing?</source>
        <translation>Sagt die Ausgabe bei unzureichendem Kontext, dass sie nicht antworten kann, statt zu raten?</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Nicht zutreffend</translation>
    </message>
    <message>
        <source>Potential for harm</source>
        <translation>Schadenspotenzial</translation>
    </message>
    <message>
        <source>Extent and likelihood of harm if a clinician acted on it (Med-PaLM).</source>
        <translation>Ausmaß und Wahrscheinlichkeit eines Schadens, wenn eine Ärztin oder ein Arzt danach handelte (Med-PaLM).</translation>
    </message>
    <message>
        <source>Mild</source>
        <translation>Leicht</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>Schwer</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Anything else worth noting.</source>
        <translation>Alles andere, was erwähnenswert ist.</translation>
    </message>
    <message>
        <source>Overall preference</source>
        <translation>Gesamtpräferenz</translation>
    </message>
    <message>
        <source>Which output is better overall?</source>
        <translation>Welche Ausgabe ist insgesamt besser?</translation>
    </message>
    <message>
        <source>Tie</source>
        <translation>Gleichstand</translation>
    </message>
    <message>
        <source>Fabrication</source>
        <translation>Erfindung</translation>
    </message>
    <message>
        <source>Negation</source>
        <translation>Negation</translation>
    </message>
    <message>
        <source>Causality</source>
        <translation>Kausalität</translation>
    </message>
    <message>
        <source>Contextual</source>
        <translation>Kontext</translation>
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
    <message>
        <source>Fill a new demo workspace as a user would (setup, two training runs, a review session) and save a screenshot of every section into DIR, then quit. Use with QT_QPA_PLATFORM=offscreen on a headless machine.</source>
        <translation>Einen neuen Demo-Arbeitsbereich wie ein Benutzer füllen (Einrichtung, zwei Trainingsläufe, eine Begutachtungssitzung), von jedem Bereich einen Screenshot in DIR speichern und dann beenden. Auf einem Rechner ohne Bildschirm mit QT_QPA_PLATFORM=offscreen verwenden.</translation>
    </message>
    <message>
        <source>Use a dark palette.</source>
        <translation>Eine dunkle Farbpalette verwenden.</translation>
    </message>
    <message>
        <source>Print the time from process start to a usable main window, then quit.</source>
        <translation>Die Zeit vom Prozessstart bis zum benutzbaren Hauptfenster ausgeben und dann beenden.</translation>
    </message>
    <message>
        <source>Connected to %1, but the database holds no review data yet: the session lead runs medtune-cli review server-init.</source>
        <translation>Verbunden mit %1, aber die Datenbank enthält noch keine Begutachtungsdaten: Die Sitzungsleitung führt medtune-cli review server-init aus.</translation>
    </message>
    <message>
        <source>Connected to %1, but its review schema version is %2 and this program needs %3.</source>
        <translation>Verbunden mit %1, aber dessen Begutachtungsschema hat die Version %2, und dieses Programm benötigt %3.</translation>
    </message>
    <message>
        <source>Connected to %1 (review schema version %2) as %3.</source>
        <translation>Verbunden mit %1 (Begutachtungsschema Version %2) als %3.</translation>
    </message>
    <message>
        <source>session lead</source>
        <translation>Sitzungsleitung</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>Gutachter</translation>
    </message>
    <message>
        <source>Review server password</source>
        <translation>Passwort für den Begutachtungsserver</translation>
    </message>
    <message>
        <source>Password of %1 on %2:%3 (kept in memory until you quit, never saved):</source>
        <translation>Passwort von %1 auf %2:%3 (bleibt bis zum Beenden im Speicher, wird nie gespeichert):</translation>
    </message>
</context>
<context>
    <name>medtune::ui::AboutDialog</name>
    <message>
        <source>About MedTune Workbench</source>
        <translation>Über MedTune Workbench</translation>
    </message>
    <message>
        <source>MedTune Workbench</source>
        <translation>MedTune Workbench</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (gebaut mit %2)</translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation>libtorch</translation>
    </message>
    <message>
        <source>SentencePiece</source>
        <translation>SentencePiece</translation>
    </message>
    <message>
        <source>QCustomPlot</source>
        <translation>QCustomPlot</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>Compiler</source>
        <translation>Compiler</translation>
    </message>
    <message>
        <source>Compute threads</source>
        <translation>Rechen-Threads</translation>
    </message>
    <message>
        <source>%1 of %2 cores</source>
        <translation>%1 von %2 Kernen</translation>
    </message>
    <message>
        <source>Device and weights</source>
        <translation>Gerät und Gewichte</translation>
    </message>
    <message>
        <source>%1, %2 (%3 resolved)</source>
        <translation>%1, %2 (aufgelöst: %3)</translation>
    </message>
    <message>
        <source>Tokenizer bridge</source>
        <translation>Tokenizer-Brücke</translation>
    </message>
    <message>
        <source>&lt;h3&gt;MedTune Workbench %1&lt;/h3&gt;&lt;p&gt;Adapt small LLaMA-style language models to medical question answering and clinical summarization with LoRA, and judge the results by hand.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;MedTune Workbench %1&lt;/h3&gt;&lt;p&gt;Passen Sie kleine Sprachmodelle im LLaMA-Stil mit LoRA an medizinische Fragebeantwortung und klinische Zusammenfassung an und beurteilen Sie die Ergebnisse selbst.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Copy versions</source>
        <translation>&amp;Versionen kopieren</translation>
    </message>
    <message>
        <source>Copy these versions to the clipboard, e.g. for a bug report</source>
        <translation>Diese Versionen in die Zwischenablage kopieren, z. B. für einen Fehlerbericht</translation>
    </message>
</context>
<context>
    <name>medtune::ui::ClusterLaunchDialog</name>
    <message>
        <source>&amp;Save to folder...</source>
        <translation>In &amp;Ordner speichern...</translation>
    </message>
    <message>
        <source>Export cluster launch</source>
        <translation>Cluster-Start exportieren</translation>
    </message>
    <message>
        <source>&amp;Nodes (machines):</source>
        <translation>&amp;Knoten (Rechner):</translation>
    </message>
    <message>
        <source>&amp;Processes per node:</source>
        <translation>&amp;Prozesse pro Knoten:</translation>
    </message>
    <message>
        <source>&amp;Threads per process:</source>
        <translation>&amp;Threads pro Prozess:</translation>
    </message>
    <message>
        <source>Shared &amp;workspace path:</source>
        <translation>Pfad des gemeinsamen &amp;Arbeitsbereichs:</translation>
    </message>
    <message>
        <source>Run &amp;JSON path on the nodes:</source>
        <translation>Pfad der Lauf-&amp;JSON auf den Knoten:</translation>
    </message>
    <message>
        <source>torchrun command</source>
        <translation>torchrun-Befehl</translation>
    </message>
    <message>
        <source>Slurm sbatch script</source>
        <translation>Slurm-sbatch-Skript</translation>
    </message>
    <message>
        <source>Run JSON</source>
        <translation>Lauf-JSON</translation>
    </message>
    <message>
        <source>The same run as one data-parallel job of %1 processes (%2 node(s) x %3), each with %4 thread(s). Each optimizer step trains %5 sequences in all (%1 processes x micro-batch %6 x accumulation %7): the accumulation in the run JSON counts per process. Rank 0 records the run in the workspace, so it appears under Runs; every node must see the workspace and the model folder at the same paths. Run the torchrun command on each node (NODE_RANK 0, 1, ... and MASTER_ADDR = the first node), or submit the sbatch script to Slurm. Debian 12&apos;s torchrun needs the --redirects, --tee and --log_dir options shown. See docs/distributed.md.</source>
        <translation>Derselbe Lauf als ein datenparalleler Job mit %1 Prozessen (%2 Knoten x %3) mit je %4 Thread(s). Jeder Optimiererschritt trainiert insgesamt %5 Sequenzen (%1 Prozesse x Mikro-Batch %6 x Akkumulation %7): Die Akkumulation in der Lauf-JSON gilt pro Prozess. Rang 0 zeichnet den Lauf im Arbeitsbereich auf, sodass er unter Läufe erscheint; jeder Knoten muss den Arbeitsbereich und den Modellordner unter denselben Pfaden sehen. Führen Sie den torchrun-Befehl auf jedem Knoten aus (NODE_RANK 0, 1, ... und MASTER_ADDR = der erste Knoten) oder reichen Sie das sbatch-Skript bei Slurm ein. Das torchrun von Debian 12 benötigt die angezeigten Optionen --redirects, --tee und --log_dir. Siehe docs/distributed.md.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Folder for the cluster launch</source>
        <translation>Ordner für den Cluster-Start</translation>
    </message>
</context>
<context>
    <name>medtune::ui::DatasetsPage</name>
    <message>
        <source>&amp;Import...</source>
        <translation>&amp;Importieren...</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Show in &amp;Format</source>
        <translation>In &amp;Format anzeigen</translation>
    </message>
    <message>
        <source>&amp;Compute token lengths</source>
        <translation>Token-Längen be&amp;rechnen</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>The datasets of this workspace with their record counts</source>
        <translation>Die Datensätze dieses Arbeitsbereichs mit der Anzahl ihrer Einträge</translation>
    </message>
    <message>
        <source>Import files as a new dataset (Ctrl+I)</source>
        <translation>Dateien als neuen Datensatz importieren (Strg+I)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Delete the selected dataset from the workspace (the source files stay)</source>
        <translation>Den ausgewählten Datensatz aus dem Arbeitsbereich löschen (die Quelldateien bleiben erhalten)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Datasets&lt;/b&gt;</source>
        <translation>&lt;b&gt;Datensätze&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Search id, question, context, document, answer (Ctrl+F)</source>
        <translation>ID, Frage, Kontext, Dokument und Antwort durchsuchen (Strg+F)</translation>
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
        <translation>Medizinische Fragebeantwortung</translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Show one split only</source>
        <translation>Nur einen Split anzeigen</translation>
    </message>
    <message>
        <source>Show one task only</source>
        <translation>Nur eine Aufgabe anzeigen</translation>
    </message>
    <message>
        <source>Show records with one label (PubMedQA decision, MedMCQA answer) or unlabelled ones</source>
        <translation>Einträge mit einem bestimmten Label (PubMedQA-Entscheidung, MedMCQA-Antwort) oder ungelabelte Einträge anzeigen</translation>
    </message>
    <message>
        <source>Show records of one source only</source>
        <translation>Nur Einträge einer Quelle anzeigen</translation>
    </message>
    <message>
        <source>Filtering... %1%</source>
        <translation>Wird gefiltert... %1 %</translation>
    </message>
    <message>
        <source>Filter failed</source>
        <translation>Filtern fehlgeschlagen</translation>
    </message>
    <message>
        <source>Select a record to see all its fields.</source>
        <translation>Wählen Sie einen Eintrag, um alle seine Felder zu sehen.</translation>
    </message>
    <message>
        <source>See this record&apos;s prompt and which tokens are trained (Enter in the table)</source>
        <translation>Den Prompt dieses Eintrags und die trainierten Token anzeigen (Enter in der Tabelle)</translation>
    </message>
    <message>
        <source>tokenizer.model of a model folder</source>
        <translation>tokenizer.model eines Modellordners</translation>
    </message>
    <message>
        <source>The SentencePiece model that counts tokens (a model folder&apos;s tokenizer.model)</source>
        <translation>Das SentencePiece-Modell, das die Token zählt (die tokenizer.model eines Modellordners)</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>The instruction template that turns records into prompts</source>
        <translation>Die Instruktionsvorlage, die Einträge in Prompts umwandelt</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Maximum sequence length; longer documents or contexts are cut</source>
        <translation>Maximale Sequenzlänge; längere Dokumente oder Kontexte werden gekürzt</translation>
    </message>
    <message>
        <source>Tokenize every record (cached for training) and plot the lengths</source>
        <translation>Jeden Eintrag tokenisieren (für das Training zwischengespeichert) und die Längen darstellen</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>Tokenizer:</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Max length:</source>
        <translation>Max. Länge:</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>&amp;Einträge</translation>
    </message>
    <message>
        <source>&amp;Statistics</source>
        <translation>&amp;Statistik</translation>
    </message>
    <message>
        <source>No datasets yet</source>
        <translation>Noch keine Datensätze</translation>
    </message>
    <message>
        <source>Import PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own JSONL, JSON, CSV or TSV files to browse, search and inspect them here.</source>
        <translation>Importieren Sie PubMedQA, MedMCQA, MEDIQA, PubMed-Zusammenfassungen oder eigene JSONL-, JSON-, CSV- oder TSV-Dateien, um sie hier zu durchsuchen und zu prüfen.</translation>
    </message>
    <message>
        <source>Import a dataset...</source>
        <translation>Datensatz importieren...</translation>
    </message>
    <message numerus="yes">
        <source>%1
%n record(s)</source>
        <translation>
            <numerusform>%1
%n Eintrag</numerusform>
            <numerusform>%1
%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 records; formats %3; imported %4</source>
        <translation>%1: %2 Einträge; Formate %3; importiert am %4</translation>
    </message>
    <message>
        <source>This dataset cannot be read: %1</source>
        <translation>Dieser Datensatz kann nicht gelesen werden: %1</translation>
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
        <translation>ungelabelt</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>Prompt-Token</translation>
    </message>
    <message>
        <source>Choose a tokenizer and press &quot;Compute token lengths&quot;.</source>
        <translation>Wählen Sie einen Tokenizer und klicken Sie auf „Token-Längen berechnen“.</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>Antwort-Token</translation>
    </message>
    <message>
        <source>Filtering...</source>
        <translation>Wird gefiltert...</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 records</source>
        <translation>%1 von %2 Einträgen</translation>
    </message>
    <message>
        <source>Record %1 cannot be read: %2</source>
        <translation>Eintrag %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>(none: this record is unlabelled)</source>
        <translation>(keins: dieser Eintrag ist ungelabelt)</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>Delete dataset</source>
        <translation>Datensatz löschen</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; (%2 records) from this workspace? The source files are not touched.</source>
        <translation>„%1“ (%2 Einträge) aus diesem Arbeitsbereich löschen? Die Quelldateien bleiben unverändert.</translation>
    </message>
    <message>
        <source>Choose a tokenizer</source>
        <translation>Tokenizer wählen</translation>
    </message>
    <message>
        <source>SentencePiece models (*.model);;All files (*)</source>
        <translation>SentencePiece-Modelle (*.model);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 records, %3 labelled; mean input %4 characters (longest %5), mean answer %6 characters. Formats: %7.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Einträge, %3 gelabelt; mittlere Eingabe %4 Zeichen (längste %5), mittlere Antwort %6 Zeichen. Formate: %7.</translation>
    </message>
    <message>
        <source>Label distribution</source>
        <translation>Verteilung der Labels</translation>
    </message>
    <message>
        <source>No class labels (PubMedQA decisions or MedMCQA answers) in this dataset.</source>
        <translation>Dieser Datensatz enthält keine Klassenlabels (PubMedQA-Entscheidungen oder MedMCQA-Antworten).</translation>
    </message>
    <message>
        <source>records</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>Records per split</source>
        <translation>Einträge pro Split</translation>
    </message>
    <message>
        <source>Choose a tokenizer.model first (the demo model&apos;s, or any model folder&apos;s).</source>
        <translation>Wählen Sie zuerst eine tokenizer.model (die des Demo-Modells oder die eines beliebigen Modellordners).</translation>
    </message>
    <message>
        <source>Tokenizing...</source>
        <translation>Wird tokenisiert...</translation>
    </message>
    <message>
        <source>Token statistics failed: %1</source>
        <translation>Token-Statistik fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Prompt tokens (BOS and prompt)</source>
        <translation>Prompt-Token (BOS und Prompt)</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Token</translation>
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
        <translation>%1 von %2 Einträgen formatiert; %3 gekürzt (%4 Token aus Dokumenten oder Kontexten entfernt); Prompt-Median %5, p99 %6; Antwort-Median %7, p99 %8.%9</translation>
    </message>
    <message>
        <source>Skipped: %1.</source>
        <translation>Übersprungen: %1.</translation>
    </message>
    <message>
        <source>Preparing the demo workspace</source>
        <translation>Der Demo-Arbeitsbereich wird vorbereitet</translation>
    </message>
    <message>
        <source>Preparing the sample datasets</source>
        <translation>Die Beispieldatensätze werden vorbereitet</translation>
    </message>
    <message>
        <source>The demo workspace is being filled with the bundled samples (PubMedQA, MedMCQA, MEDIQA, PubMed summarization and more) and a small demo model. They appear here by themselves when ready; you can import your own files meanwhile.</source>
        <translation>Der Demo-Arbeitsbereich wird mit den mitgelieferten Beispielen (PubMedQA, MedMCQA, MEDIQA, PubMed-Zusammenfassung und weitere) und einem kleinen Demo-Modell gefüllt. Sie erscheinen hier von selbst, sobald sie bereit sind; in der Zwischenzeit können Sie eigene Dateien importieren.</translation>
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
        <translation>Der Datensatz, aus dem ein Eintrag entnommen wird</translation>
    </message>
    <message>
        <source>The record number (Page Up/Down steps by ten)</source>
        <translation>Die Nummer des Eintrags (Bild auf/ab springt um zehn)</translation>
    </message>
    <message>
        <source>The instruction template; edit it on the right</source>
        <translation>Die Instruktionsvorlage; bearbeiten Sie sie rechts</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Maximum sequence length (BOS + prompt + answer + EOS)</source>
        <translation>Maximale Sequenzlänge (BOS + Prompt + Antwort + EOS)</translation>
    </message>
    <message>
        <source>Cut the end</source>
        <translation>Hinten kürzen</translation>
    </message>
    <message>
        <source>Cut the beginning</source>
        <translation>Vorne kürzen</translation>
    </message>
    <message>
        <source>Cut the middle</source>
        <translation>Mittig kürzen</translation>
    </message>
    <message>
        <source>Which part of an over-long document or context is removed</source>
        <translation>Welcher Teil eines zu langen Dokuments oder Kontexts entfernt wird</translation>
    </message>
    <message>
        <source>tokenizer.model of a model folder, or any .model file</source>
        <translation>tokenizer.model eines Modellordners oder eine beliebige .model-Datei</translation>
    </message>
    <message>
        <source>The SentencePiece tokenizer: the demo model&apos;s by default</source>
        <translation>Der SentencePiece-Tokenizer: standardmäßig der des Demo-Modells</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose a model folder&apos;s tokenizer.model or another .model file</source>
        <translation>Wählen Sie die tokenizer.model eines Modellordners oder eine andere .model-Datei</translation>
    </message>
    <message>
        <source>&amp;Dataset:</source>
        <translation>Da&amp;tensatz:</translation>
    </message>
    <message>
        <source>&amp;Record:</source>
        <translation>&amp;Eintrag:</translation>
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
        <translation>To&amp;kenizer:</translation>
    </message>
    <message>
        <source>Hover a token for its id and label; click the strip and use the arrow keys to walk it.</source>
        <translation>Zeigen Sie auf ein Token, um ID und Label zu sehen; klicken Sie in den Streifen und gehen Sie ihn mit den Pfeiltasten durch.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tokens&lt;/b&gt;</source>
        <translation>&lt;b&gt;Token&lt;/b&gt;</translation>
    </message>
    <message>
        <source>trained (loss computed)</source>
        <translation>trainiert (Verlust berechnet)</translation>
    </message>
    <message>
        <source>masked (label -100: BOS and prompt)</source>
        <translation>maskiert (Label -100: BOS und Prompt)</translation>
    </message>
    <message>
        <source>Prompt (what the model reads)</source>
        <translation>Prompt (was das Modell liest)</translation>
    </message>
    <message>
        <source>Target (what it learns to answer)</source>
        <translation>Ziel (was es zu antworten lernt)</translation>
    </message>
    <message>
        <source>The prompt up to where the answer starts. Placeholders: {system}, {task}, {user}; &lt;s&gt; and &lt;/s&gt; become the BOS/EOS control tokens.</source>
        <translation>Der Prompt bis zum Beginn der Antwort. Platzhalter: {system}, {task}, {user}; &lt;s&gt; und &lt;/s&gt; werden zu den Steuer-Token BOS/EOS.</translation>
    </message>
    <message>
        <source>The system message that {system} stands for</source>
        <translation>Die Systemnachricht, für die {system} steht</translation>
    </message>
    <message>
        <source>Shown between the prompt and the answer in display text</source>
        <translation>Wird im Anzeigetext zwischen Prompt und Antwort angezeigt</translation>
    </message>
    <message>
        <source>Save the template to this workspace (Ctrl+S)</source>
        <translation>Die Vorlage in diesem Arbeitsbereich speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Template editor</source>
        <translation>Vorlagen-Editor</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>S&amp;ystem:</source>
        <translation>S&amp;ystem:</translation>
    </message>
    <message>
        <source>&amp;Prompt:</source>
        <translation>&amp;Prompt:</translation>
    </message>
    <message>
        <source>Answer &amp;separator:</source>
        <translation>Antwort-Trenn&amp;zeichen:</translation>
    </message>
    <message>
        <source>Context label:</source>
        <translation>Kontext-Bezeichnung:</translation>
    </message>
    <message>
        <source>Question label:</source>
        <translation>Frage-Bezeichnung:</translation>
    </message>
    <message>
        <source>Document label:</source>
        <translation>Dokument-Bezeichnung:</translation>
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
        <translation>Dieser Datensatz kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <source>Choose a tokenizer</source>
        <translation>Tokenizer wählen</translation>
    </message>
    <message>
        <source>SentencePiece models (*.model);;All files (*)</source>
        <translation>SentencePiece-Modelle (*.model);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>✓ Valid template</source>
        <translation>✓ Gültige Vorlage</translation>
    </message>
    <message>
        <source>Cannot save: %1</source>
        <translation>Speichern nicht möglich: %1</translation>
    </message>
    <message>
        <source>✓ Saved &quot;%1&quot; to this workspace</source>
        <translation>✓ „%1“ in diesem Arbeitsbereich gespeichert</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No datasets yet&lt;/h3&gt;Import a dataset in the Datasets section (Ctrl+1), then choose one of its records here to see its prompt and exactly which tokens are trained.</source>
        <translation>&lt;h3&gt;Noch keine Datensätze&lt;/h3&gt;Importieren Sie einen Datensatz im Bereich Datensätze (Strg+1) und wählen Sie dann hier einen seiner Einträge, um seinen Prompt und die genau trainierten Token zu sehen.</translation>
    </message>
    <message>
        <source>Choose a dataset above.</source>
        <translation>Wählen Sie oben einen Datensatz.</translation>
    </message>
    <message>
        <source>This dataset has no records.</source>
        <translation>Dieser Datensatz enthält keine Einträge.</translation>
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
        <translation>Eintrag %1 kann nicht gelesen werden: %2</translation>
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
        <translation>nichts zu kürzen</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n token(s) cut&lt;/b&gt; from the %1 (%2)</source>
        <translation>
            <numerusform>&lt;b&gt;%n Token entfernt&lt;/b&gt; aus dem %1 (%2)</numerusform>
            <numerusform>&lt;b&gt;%n Token entfernt&lt;/b&gt; aus dem %1 (%2)</numerusform>
        </translation>
    </message>
    <message>
        <source>document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>no truncation</source>
        <translation>keine Kürzung</translation>
    </message>
    <message>
        <source>Prompt &lt;b&gt;%1&lt;/b&gt; tokens (BOS included) · answer &lt;b&gt;%2&lt;/b&gt; (EOS included) · total &lt;b&gt;%3&lt;/b&gt; of %4 · %5</source>
        <translation>Prompt &lt;b&gt;%1&lt;/b&gt; Token (inkl. BOS) · Antwort &lt;b&gt;%2&lt;/b&gt; (inkl. EOS) · gesamt &lt;b&gt;%3&lt;/b&gt; von %4 · %5</translation>
    </message>
</context>
<context>
    <name>medtune::ui::GenerationDialog</name>
    <message>
        <source>&amp;Base model (no adapter)</source>
        <translation>&amp;Basismodell (ohne Adapter)</translation>
    </message>
    <message>
        <source>B&amp;lind review (systems hidden until each item is submitted)</source>
        <translation>&amp;Verblindete Begutachtung (Systeme bleiben verborgen, bis das jeweilige Element abgeschickt ist)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Generate outputs for review</source>
        <translation>Ausgaben zur Begutachtung generieren</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder (config.json, model.safetensors, tokenizer.model)</source>
        <translation>Wählen Sie einen Hugging-Face-Modellordner (config.json, model.safetensors, tokenizer.model)</translation>
    </message>
    <message>
        <source>The base model every system uses</source>
        <translation>Das Basismodell, das alle Systeme verwenden</translation>
    </message>
    <message>
        <source>Include the base model&apos;s own answers as a system named &quot;base&quot;</source>
        <translation>Die eigenen Antworten des Basismodells als System namens „base“ einbeziehen</translation>
    </message>
    <message>
        <source>Tick the runs&apos; adapters to compare; each becomes a system named after its run</source>
        <translation>Haken Sie die Adapter der Läufe an, die verglichen werden sollen; jeder wird zu einem System, das nach seinem Lauf benannt ist</translation>
    </message>
    <message>
        <source>Add adapter &amp;folder...</source>
        <translation>Adapter-&amp;Ordner hinzufügen...</translation>
    </message>
    <message>
        <source>An adapter folder of your own (adapter_config.json, adapter_model.safetensors)</source>
        <translation>Ein eigener Adapter-Ordner (adapter_config.json, adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>The datasets whose records are answered</source>
        <translation>Die Datensätze, deren Einträge beantwortet werden</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Which split&apos;s records are answered; test is the held-out one</source>
        <translation>Aus welchem Split die Einträge beantwortet werden; Test ist der zurückgehaltene</translation>
    </message>
    <message>
        <source>all records</source>
        <translation>alle Einträge</translation>
    </message>
    <message>
        <source>A seeded sample of this many records, spread over the sources in proportion; 0 answers every record of the split</source>
        <translation>Eine Stichprobe (mit festem Seed) aus so vielen Einträgen, anteilig über die Quellen verteilt; 0 beantwortet jeden Eintrag des Splits</translation>
    </message>
    <message>
        <source>review %1</source>
        <translation>Begutachtung %1</translation>
    </message>
    <message>
        <source>A new session is created; an existing session of this name is extended</source>
        <translation>Eine neue Sitzung wird angelegt; eine vorhandene Sitzung dieses Namens wird erweitert</translation>
    </message>
    <message>
        <source>The instruction template the prompts are written in (use the one the adapters were trained with)</source>
        <translation>Die Instruktionsvorlage, in der die Prompts geschrieben werden (verwenden Sie die, mit der die Adapter trainiert wurden)</translation>
    </message>
    <message>
        <source>The longest answer generated, in tokens</source>
        <translation>Die längste generierte Antwort, in Token</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>greedy</translation>
    </message>
    <message>
        <source>0 = greedy (deterministic); higher values sample more freely (seeded)</source>
        <translation>0 = greedy (deterministisch); höhere Werte wählen freier aus (mit festem Seed)</translation>
    </message>
    <message>
        <source>&amp;Model folder:</source>
        <translation>&amp;Modellordner:</translation>
    </message>
    <message>
        <source>Systems:</source>
        <translation>Systeme:</translation>
    </message>
    <message>
        <source>&amp;Datasets:</source>
        <translation>&amp;Datensätze:</translation>
    </message>
    <message>
        <source>&amp;Split:</source>
        <translation>&amp;Split:</translation>
    </message>
    <message>
        <source>Sample si&amp;ze:</source>
        <translation>Stichproben&amp;umfang:</translation>
    </message>
    <message>
        <source>Templa&amp;te:</source>
        <translation>Vor&amp;lage:</translation>
    </message>
    <message>
        <source>Ma&amp;x new tokens:</source>
        <translation>Max. neue &amp;Token:</translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation>T&amp;emperatur:</translation>
    </message>
    <message>
        <source>Sessio&amp;n:</source>
        <translation>Sitzu&amp;ng:</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n record(s))</source>
        <translation>
            <numerusform>%1 (%n Eintrag)</numerusform>
            <numerusform>%1 (%n Einträge)</numerusform>
        </translation>
    </message>
    <message>
        <source>No runs with adapters yet: train one in the Training section, or add a folder</source>
        <translation>Noch keine Läufe mit Adaptern: Trainieren Sie einen im Bereich Training oder fügen Sie einen Ordner hinzu</translation>
    </message>
    <message>
        <source>The model folder has no config.json.</source>
        <translation>Der Modellordner enthält keine config.json.</translation>
    </message>
    <message>
        <source>Name the review session.</source>
        <translation>Geben Sie der Begutachtungssitzung einen Namen.</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Modellordner</translation>
    </message>
    <message>
        <source>Adapter folder</source>
        <translation>Adapter-Ordner</translation>
    </message>
    <message>
        <source>%1 has no adapter_config.json: choose a PEFT adapter folder.</source>
        <translation>%1 enthält keine adapter_config.json: Wählen Sie einen PEFT-Adapter-Ordner.</translation>
    </message>
    <message>
        <source>Loading the model...</source>
        <translation>Das Modell wird geladen...</translation>
    </message>
    <message>
        <source>%1 of %2 outputs</source>
        <translation>%1 von %2 Ausgaben</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) stored in session &quot;%1&quot; (%2).</source>
        <translation>
            <numerusform>%n Element in Sitzung „%1“ gespeichert (%2).</numerusform>
            <numerusform>%n Elemente in Sitzung „%1“ gespeichert (%2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) left out because they do not fit the context.</source>
        <translation>
            <numerusform>%n Eintrag ausgelassen, weil er nicht ins Kontextfenster passt.</numerusform>
            <numerusform>%n Einträge ausgelassen, weil sie nicht ins Kontextfenster passen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>Generierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Cancelled. The outputs stored so far stay in the session.</source>
        <translation>Abgebrochen. Die bisher gespeicherten Ausgaben bleiben in der Sitzung.</translation>
    </message>
    <message>
        <source>Tick the base model or at least one adapter.</source>
        <translation>Wählen Sie das Basismodell oder mindestens einen Adapter aus.</translation>
    </message>
    <message>
        <source>Tick at least one dataset.</source>
        <translation>Wählen Sie mindestens einen Datensatz aus.</translation>
    </message>
    <message>
        <source>%1 is not in the Hugging Face cache: get it with the Hugging Face button.</source>
        <translation>%1 ist nicht im Hugging-Face-Cache: Laden Sie es mit der Schaltfläche „Hugging Face“ herunter.</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Prompts decoded together. Auto takes the smallest size within 90% of the best throughput &apos;medtune-cli bench generate&apos; measured on this machine (4 when nothing was measured)</source>
        <translation>Gemeinsam dekodierte Prompts. Automatisch nimmt die kleinste Größe, die 90 % des besten Durchsatzes erreicht, den &apos;medtune-cli bench generate&apos; auf diesem Rechner gemessen hat (4, wenn nichts gemessen wurde)</translation>
    </message>
    <message>
        <source>Batc&amp;h size:</source>
        <translation>Batc&amp;hgröße:</translation>
    </message>
    <message>
        <source>Batch size %1 (%2).</source>
        <translation>Batchgröße %1 (%2).</translation>
    </message>
</context>
<context>
    <name>medtune::ui::GetModelDialog</name>
    <message>
        <source>PEFT &amp;adapter (adapter_config.json, adapter_model.safetensors)</source>
        <translation>PEFT-&amp;Adapter (adapter_config.json, adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <source>Check &amp;Size</source>
        <translation>&amp;Größe prüfen</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>&amp;Herunterladen</translation>
    </message>
    <message>
        <source>&amp;Cancel Download</source>
        <translation>Herunterladen a&amp;bbrechen</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Get Model from Hugging Face</source>
        <translation>Modell von Hugging Face herunterladen</translation>
    </message>
    <message>
        <source>The repo id as the Hub shows it: ORGANIZATION/NAME</source>
        <translation>Die Repo-ID, wie der Hub sie anzeigt: ORGANISATION/NAME</translation>
    </message>
    <message>
        <source>A branch, tag or commit of the repo</source>
        <translation>Ein Branch, Tag oder Commit des Repos</translation>
    </message>
    <message>
        <source>%1 (offline: HF_HUB_OFFLINE is set)</source>
        <translation>%1 (offline: HF_HUB_OFFLINE ist gesetzt)</translation>
    </message>
    <message>
        <source>&amp;Repo id:</source>
        <translation>&amp;Repo-ID:</translation>
    </message>
    <message>
        <source>Re&amp;vision:</source>
        <translation>Re&amp;vision:</translation>
    </message>
    <message>
        <source>Cache:</source>
        <translation>Cache:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Only the files MedTune needs are downloaded (configuration, safetensors weights, tokenizer). A stopped download continues where it stopped, also after a restart. Gated models need access on the Hub and a token in HF_TOKEN.</source>
        <translation>Es werden nur die Dateien heruntergeladen, die MedTune benötigt (Konfiguration, safetensors-Gewichte, Tokenizer). Ein gestoppter Download wird dort fortgesetzt, wo er aufgehört hat, auch nach einem Neustart. Zugangsbeschränkte Modelle erfordern eine Freigabe auf dem Hub und ein Token in HF_TOKEN.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a repo id: write it as ORGANIZATION/NAME.</source>
        <translation>„%1“ ist keine Repo-ID: Schreiben Sie sie als ORGANISATION/NAME.</translation>
    </message>
    <message>
        <source>Asking the Hub for the file list...</source>
        <translation>Die Dateiliste wird beim Hub abgefragt...</translation>
    </message>
    <message>
        <source>Starting the download...</source>
        <translation>Der Download wird gestartet...</translation>
    </message>
    <message>
        <source>%1 in %2 files</source>
        <translation>%1 in %2 Dateien</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>, %1/s, %2:%3 left</source>
        <translation>, %1/s, noch %2:%3</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>Revision %1 is commit %2.</source>
        <translation>Revision %1 ist Commit %2.</translation>
    </message>
    <message>
        <source>Ready: %1 can now be chosen as a model by its repo id (%2).</source>
        <translation>Fertig: %1 kann jetzt über seine Repo-ID (%2) als Modell gewählt werden.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
    </message>
    <message>
        <source>Stopped. What was downloaded is kept: Download continues from there, also after a restart.</source>
        <translation>Gestoppt. Das bereits Heruntergeladene bleibt erhalten: „Herunterladen“ setzt dort wieder an, auch nach einem Neustart.</translation>
    </message>
</context>
<context>
    <name>medtune::ui::HubModelButton</name>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>Adapters in the Hugging Face cache, or get one from the Hub</source>
        <translation>Adapter im Hugging-Face-Cache, oder einen vom Hub herunterladen</translation>
    </message>
    <message>
        <source>Models in the Hugging Face cache, or get one from the Hub</source>
        <translation>Modelle im Hugging-Face-Cache, oder eines vom Hub herunterladen</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (incomplete: %2)</source>
        <translation>%1 (unvollständig: %2)</translation>
    </message>
    <message>
        <source>No adapters in the Hugging Face cache</source>
        <translation>Keine Adapter im Hugging-Face-Cache</translation>
    </message>
    <message>
        <source>No models in the Hugging Face cache</source>
        <translation>Keine Modelle im Hugging-Face-Cache</translation>
    </message>
    <message>
        <source>Get &amp;Adapter...</source>
        <translation>&amp;Adapter herunterladen...</translation>
    </message>
    <message>
        <source>Get &amp;Model...</source>
        <translation>&amp;Modell herunterladen...</translation>
    </message>
    <message>
        <source>Download from Hugging Face?</source>
        <translation>Von Hugging Face herunterladen?</translation>
    </message>
    <message>
        <source>%1 is not in the Hugging Face cache yet. Download it from the Hub now?</source>
        <translation>%1 ist noch nicht im Hugging-Face-Cache. Jetzt vom Hub herunterladen?</translation>
    </message>
</context>
<context>
    <name>medtune::ui::ImportDialog</name>
    <message>
        <source>Column mapping</source>
        <translation>Spaltenzuordnung</translation>
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
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Import dataset</source>
        <translation>Datensatz importieren</translation>
    </message>
    <message>
        <source>Choose one or more files to import</source>
        <translation>Wählen Sie eine oder mehrere Dateien zum Importieren</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose PubMedQA, MedMCQA, MEDIQA, PubMed summarization or your own JSONL, JSON, CSV or TSV files</source>
        <translation>Wählen Sie Dateien von PubMedQA, MedMCQA, MEDIQA, PubMed-Zusammenfassungen oder eigene JSONL-, JSON-, CSV- oder TSV-Dateien</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>Automatisch erkennen</translation>
    </message>
    <message>
        <source>The format is detected from the file&apos;s first bytes; choose another to override it</source>
        <translation>Das Format wird anhand der ersten Bytes der Datei erkannt; wählen Sie ein anderes, um es zu überschreiben</translation>
    </message>
    <message>
        <source>Default: the first file&apos;s name</source>
        <translation>Standard: der Name der ersten Datei</translation>
    </message>
    <message>
        <source>As in the file</source>
        <translation>Wie in der Datei</translation>
    </message>
    <message>
        <source>Medical QA</source>
        <translation>Medizinische Fragebeantwortung</translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Force the task of every record (useful for your own files without a task column)</source>
        <translation>Die Aufgabe für jeden Eintrag festlegen (nützlich für eigene Dateien ohne Aufgabenspalte)</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Dateien:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
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
        <translation>Welche Spalte Ihrer Datei welches Feld eines Beispiels enthält</translation>
    </message>
    <message>
        <source>Preview of the first records</source>
        <translation>Vorschau der ersten Einträge</translation>
    </message>
    <message>
        <source>The import report appears here: records read, imported and skipped, with the file and line of every problem.</source>
        <translation>Hier erscheint der Importbericht: gelesene, importierte und übersprungene Einträge, mit Datei und Zeile jedes Problems.</translation>
    </message>
    <message>
        <source>Import the files into this workspace as one dataset</source>
        <translation>Die Dateien als einen Datensatz in diesen Arbeitsbereich importieren</translation>
    </message>
    <message>
        <source>Import dataset files</source>
        <translation>Datensatzdateien importieren</translation>
    </message>
    <message>
        <source>Dataset files (*.json *.jsonl *.csv *.tsv *.xml);;All files (*)</source>
        <translation>Datensatzdateien (*.json *.jsonl *.csv *.tsv *.xml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Not recognized: %1</source>
        <translation>Nicht erkannt: %1</translation>
    </message>
    <message>
        <source>Detected: %1 (%2)</source>
        <translation>Erkannt: %1 (%2)</translation>
    </message>
    <message>
        <source>Automatic (column &quot;%1&quot;)</source>
        <translation>Automatisch (Spalte „%1“)</translation>
    </message>
    <message>
        <source>Automatic (none)</source>
        <translation>Automatisch (keine)</translation>
    </message>
    <message>
        <source>The column that holds the example&apos;s %1</source>
        <translation>Die Spalte, die das Feld „%1“ des Beispiels enthält</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a field of the mapping (fields: %2).</source>
        <translation>„%1“ ist kein Feld der Zuordnung (Felder: %2).</translation>
    </message>
    <message>
        <source>The file has no column &quot;%1&quot; (columns: %2).</source>
        <translation>Die Datei hat keine Spalte „%1“ (Spalten: %2).</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Question / document</source>
        <translation>Frage / Dokument</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
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
        <translation>Keiner der ersten Einträge lässt sich mit diesem Format und dieser Zuordnung importieren.</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown as they will import.</source>
        <translation>
            <numerusform>%n Eintrag wird so angezeigt, wie er importiert wird.</numerusform>
            <numerusform>%n Einträge werden so angezeigt, wie sie importiert werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) among them would be skipped, e.g. %1</source>
        <translation>
            <numerusform>%n Eintrag davon würde übersprungen, z. B. %1</numerusform>
            <numerusform>%n Einträge davon würden übersprungen, z. B. %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation>Wird importiert...</translation>
    </message>
    <message>
        <source>%1 of %2 KiB</source>
        <translation>%1 von %2 KiB</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts importiert.</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>Import fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>These files were imported before as &quot;%1&quot; (%n record(s)); nothing changed.</source>
        <translation>
            <numerusform>Diese Dateien wurden bereits als „%1“ importiert (%n Eintrag); es wurde nichts geändert.</numerusform>
            <numerusform>Diese Dateien wurden bereits als „%1“ importiert (%n Einträge); es wurde nichts geändert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported &quot;%1&quot;: %n record(s).</source>
        <translation>
            <numerusform>„%1“ importiert: %n Eintrag.</numerusform>
            <numerusform>„%1“ importiert: %n Einträge.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) dropped.</source>
        <translation>
            <numerusform>%n Duplikat verworfen.</numerusform>
            <numerusform>%n Duplikate verworfen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2): read %3, imported %4, skipped %5</source>
        <translation>%1 (%2): %3 gelesen, %4 importiert, %5 übersprungen</translation>
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
    <message>
        <source>Splits</source>
        <translation>Splits</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>The file name says</source>
        <translation>Laut Dateiname</translation>
    </message>
    <message>
        <source>Which split each file&apos;s records go to: official test and validation files stay whole, and training copies of their texts are removed</source>
        <translation>In welchen Split die Einträge jeder Datei kommen: Offizielle Test- und Validierungsdateien bleiben vollständig, und Kopien ihrer Texte im Training werden entfernt</translation>
    </message>
    <message>
        <source>no split (records split by seed)</source>
        <translation>kein Split (Einträge werden per Seed aufgeteilt)</translation>
    </message>
    <message>
        <source>%1 (&quot;%2&quot;)</source>
        <translation>%1 („%2“)</translation>
    </message>
    <message>
        <source>As the file name says</source>
        <translation>Wie im Dateinamen angegeben</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Override the split of every record of %1</source>
        <translation>Den Split aller Einträge von %1 festlegen</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) kept: official test and validation files stay whole.</source>
        <translation>
            <numerusform>%n Duplikat behalten: Offizielle Test- und Validierungsdateien bleiben vollständig.</numerusform>
            <numerusform>%n Duplikate behalten: Offizielle Test- und Validierungsdateien bleiben vollständig.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n training record(s) removed: the same text is in the test or validation split.</source>
        <translation>
            <numerusform>%n Trainingseintrag entfernt: Derselbe Text steht im Test- oder Validierungs-Split.</numerusform>
            <numerusform>%n Trainingseinträge entfernt: Derselbe Text steht im Test- oder Validierungs-Split.</numerusform>
        </translation>
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
        <translation>Jedes Beispiel wird zu einem Instruktions-Prompt. Sobald ein Datensatz importiert ist, wählen Sie hier einen Eintrag, um seinen Prompt und genau die trainierten Token zu sehen.</translation>
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
        <translation>&amp;Neuer Arbeitsbereich...</translation>
    </message>
    <message>
        <source>&amp;Open Workspace...</source>
        <translation>Arbeitsbereich ö&amp;ffnen...</translation>
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
        <source>%1 (%2%)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>The demo workspace could not be prepared: %1</source>
        <translation>Der Demo-Arbeitsbereich konnte nicht vorbereitet werden: %1</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>Review server not available, reviews use the workspace: %1</source>
        <translation>Begutachtungsserver nicht verfügbar, Begutachtungen verwenden den Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>Preparing the demo workspace</source>
        <translation>Der Demo-Arbeitsbereich wird vorbereitet</translation>
    </message>
    <message>
        <source>%1 is downloaded: enter its repo id as the model, or pick it with the Hugging Face button beside a model field.</source>
        <translation>%1 ist heruntergeladen: Geben Sie seine Repo-ID als Modell ein oder wählen Sie es mit der Schaltfläche „Hugging Face“ neben einem Modellfeld.</translation>
    </message>
    <message>
        <source>&amp;Get Model...</source>
        <translation>&amp;Modell herunterladen...</translation>
    </message>
</context>
<context>
    <name>medtune::ui::MetricChart</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
</context>
<context>
    <name>medtune::ui::PlaygroundJob</name>
    <message>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <source>The model folder %1 has no tokenizer.model</source>
        <translation>Der Modellordner %1 enthält keine tokenizer.model</translation>
    </message>
    <message>
        <source>Generating with the base model</source>
        <translation>Generierung mit dem Basismodell</translation>
    </message>
    <message>
        <source>Generating with the adapter</source>
        <translation>Generierung mit dem Adapter</translation>
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
        <translation>Ein &amp;Testeintrag</translation>
    </message>
    <message>
        <source>&amp;Greedy (always the most likely token)</source>
        <translation>G&amp;reedy (immer das wahrscheinlichste Token)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>Prompt as the model reads it</source>
        <translation>Prompt, wie das Modell ihn liest</translation>
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
        <translation>Referenzantwort</translation>
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
        <translation>aus</translation>
    </message>
    <message>
        <source>Above 1 discourages repeating tokens already present</source>
        <translation>Über 1 wird die Wiederholung bereits vorhandener Token erschwert</translation>
    </message>
    <message>
        <source>Generate with the base model, then with the adapter (Ctrl+Enter)</source>
        <translation>Erst mit dem Basismodell, dann mit dem Adapter generieren (Strg+Enter)</translation>
    </message>
    <message>
        <source>Stop generating</source>
        <translation>Generierung stoppen</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose an adapter folder (adapter_config.json, adapter_model.safetensors)</source>
        <translation>Wählen Sie einen Adapter-Ordner (adapter_config.json, adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>Adapter folder</source>
        <translation>Adapter-Ordner</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
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
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>Test record:</source>
        <translation>Testeintrag:</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Repetition penalty:</source>
        <translation>Wiederholungsstrafe:</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>Max. neue Token:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
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
        <translation>Keiner (nur Basismodell)</translation>
    </message>
    <message>
        <source> of %1</source>
        <translation> von %1</translation>
    </message>
    <message>
        <source>%1 record %2 (%3): %4</source>
        <translation>%1 Eintrag %2 (%3): %4</translation>
    </message>
    <message>
        <source>This dataset has no test records.</source>
        <translation>Dieser Datensatz enthält keine Testeinträge.</translation>
    </message>
    <message>
        <source>Choose a base model folder (the demo model is made on first start in models/demo).</source>
        <translation>Wählen Sie einen Basismodell-Ordner (das Demo-Modell wird beim ersten Start in models/demo erstellt).</translation>
    </message>
    <message>
        <source>Write a prompt or choose a test record.</source>
        <translation>Schreiben Sie einen Prompt oder wählen Sie einen Testeintrag.</translation>
    </message>
    <message>
        <source>Write a prompt or choose a test record</source>
        <translation>Schreiben Sie einen Prompt oder wählen Sie einen Testeintrag</translation>
    </message>
    <message numerus="yes">
        <source>Prompt: %n tokens</source>
        <translation>
            <numerusform>Prompt: %n Token</numerusform>
            <numerusform>Prompt: %n Token</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> &lt;i&gt;(%n tokens, stopped: %1)&lt;/i&gt;</source>
        <translation>
            <numerusform> &lt;i&gt;(%n Token, beendet: %1)&lt;/i&gt;</numerusform>
            <numerusform> &lt;i&gt;(%n Token, beendet: %1)&lt;/i&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>Playground: %1</source>
        <translation>Spielwiese: %1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
</context>
<context>
    <name>medtune::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>Alle Kerne (%1)</translation>
    </message>
    <message>
        <source>Threads libtorch uses for matrix work. More than the machine&apos;s cores slows it down.</source>
        <translation>Threads, die libtorch für Matrixberechnungen nutzt. Mehr Threads als Kerne im Rechner verlangsamen die Berechnung.</translation>
    </message>
    <message>
        <source>Where models run. GPUs appear when the libtorch in use was built with CUDA.</source>
        <translation>Wo Modelle ausgeführt werden. GPUs erscheinen, wenn das verwendete libtorch mit CUDA gebaut wurde.</translation>
    </message>
    <message>
        <source>Automatic (%1 here)</source>
        <translation>Automatisch (hier %1)</translation>
    </message>
    <message>
        <source>Number format of the frozen base weights. LoRA weights and optimizer state are always float32.</source>
        <translation>Zahlenformat der eingefrorenen Basisgewichte. LoRA-Gewichte und Optimiererzustand sind immer float32.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>The demo workspace</source>
        <translation>Der Demo-Arbeitsbereich</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Compute &amp;threads:</source>
        <translation>Rechen-&amp;Threads:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>Base &amp;weights:</source>
        <translation>Basis-Ge&amp;wichte:</translation>
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
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>The workspace opens at the next start; File &gt; Open Workspace switches now.</source>
        <translation>Der Arbeitsbereich wird beim nächsten Start geöffnet; Datei &gt; Arbeitsbereich öffnen wechselt sofort.</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;prüfen</translation>
    </message>
    <message>
        <source>Review server</source>
        <translation>Begutachtungsserver</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/database (empty: this workspace)</source>
        <translation>postgresql://benutzer@host:5432/datenbank (leer: dieser Arbeitsbereich)</translation>
    </message>
    <message>
        <source>Review sessions shared by a team on a PostgreSQL server. The password comes from PGPASSWORD, ~/.pgpass or a prompt and is never saved.</source>
        <translation>Begutachtungssitzungen, die ein Team auf einem PostgreSQL-Server gemeinsam nutzt. Das Passwort stammt aus PGPASSWORD, ~/.pgpass oder einer Abfrage und wird nie gespeichert.</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <source>The Review and Reports sections use the review server from the next start.</source>
        <translation>Die Bereiche Begutachtung und Berichte verwenden den Begutachtungsserver ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>No server: review sessions stay in this workspace.</source>
        <translation>Kein Server: Begutachtungssitzungen bleiben in diesem Arbeitsbereich.</translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>Verbindung zu %1 wird hergestellt...</translation>
    </message>
</context>
<context>
    <name>medtune::ui::RecordTableModel</name>
    <message>
        <source>damaged: %1</source>
        <translation>beschädigt: %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Question / document</source>
        <translation>Frage / Dokument</translation>
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
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Exportieren:</translation>
    </message>
    <message>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Save the report as %1</source>
        <translation>Den Bericht als %1 speichern</translation>
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
        <translation>Es gibt keine Sitzung, über die berichtet werden kann.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>%1-Dateien (*.%2)</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>medtune::ui::ReviewPage</name>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Gutachter</translation>
    </message>
    <message>
        <source>Your name or initials</source>
        <translation>Ihr Name oder Ihre Initialen</translation>
    </message>
    <message>
        <source>Start reviewing</source>
        <translation>Begutachtung starten</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No review sessions yet. Import model outputs (JSONL or CSV with id, source, reference, output and system) with &quot;Import outputs...&quot; or medtune-cli review import-outputs.</source>
        <translation>Noch keine Begutachtungssitzungen. Importieren Sie Modellausgaben (JSONL oder CSV mit id, source, reference, output und system) über „Ausgaben importieren...“ oder mit medtune-cli review import-outputs.</translation>
    </message>
    <message>
        <source>Choose a session, enter your name or initials and press Start reviewing. In blind sessions you see the items in your own random order and the systems stay hidden until you submit each item.</source>
        <translation>Wählen Sie eine Sitzung, geben Sie Ihren Namen oder Ihre Initialen ein und klicken Sie auf „Begutachtung starten“. In verblindeten Sitzungen sehen Sie die Elemente in Ihrer eigenen zufälligen Reihenfolge, und die Systeme bleiben verborgen, bis Sie das jeweilige Element abschicken.</translation>
    </message>
    <message>
        <source>Enter your name or initials first: judgments are stored per reviewer.</source>
        <translation>Geben Sie zuerst Ihren Namen oder Ihre Initialen ein: Bewertungen werden pro Gutachter gespeichert.</translation>
    </message>
    <message>
        <source>There is no session to review yet.</source>
        <translation>Es gibt noch keine Sitzung zum Begutachten.</translation>
    </message>
    <message>
        <source>Cannot start the review</source>
        <translation>Die Begutachtung kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Import outputs</source>
        <translation>Ausgaben importieren</translation>
    </message>
    <message>
        <source>Outputs (*.jsonl *.json *.csv);;All files (*)</source>
        <translation>Ausgaben (*.jsonl *.json *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Session (new or existing):</source>
        <translation>Sitzung (neu oder vorhanden):</translation>
    </message>
    <message>
        <source>System name (leave empty when the file has a system column):</source>
        <translation>Systemname (leer lassen, wenn die Datei eine Spalte „system“ hat):</translation>
    </message>
    <message>
        <source>%1 of %2 records imported into session %3.</source>
        <translation>%1 von %2 Einträgen in Sitzung %3 importiert.</translation>
    </message>
    <message>
        <source>Skipped %1:</source>
        <translation>%1 übersprungen:</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;Generate outputs...</source>
        <translation>Ausgaben &amp;generieren...</translation>
    </message>
    <message>
        <source>Let the base model and the runs&apos; adapters answer a test split into a review session</source>
        <translation>Basismodell und Adapter der Läufe einen Test-Split für eine Begutachtungssitzung beantworten lassen</translation>
    </message>
    <message>
        <source>&amp;Import outputs...</source>
        <translation>Ausgaben &amp;importieren...</translation>
    </message>
    <message>
        <source>Read outputs made elsewhere (JSONL or CSV) into a review session</source>
        <translation>Anderswo erzeugte Ausgaben (JSONL oder CSV) in eine Begutachtungssitzung einlesen</translation>
    </message>
    <message>
        <source>On a review server you review as your login role</source>
        <translation>Auf einem Begutachtungsserver begutachten Sie unter Ihrer Anmelderolle</translation>
    </message>
    <message>
        <source>Generating into a review server runs from the command line: medtune-cli --review-db URL review generate</source>
        <translation>Das Generieren in einen Begutachtungsserver läuft über die Kommandozeile: medtune-cli --review-db URL review generate</translation>
    </message>
    <message>
        <source>Team progress on %1</source>
        <translation>Teamfortschritt auf %1</translation>
    </message>
    <message>
        <source>Team progress</source>
        <translation>Teamfortschritt</translation>
    </message>
</context>
<context>
    <name>medtune::ui::ReviewPanel</name>
    <message>
        <source>No session started</source>
        <translation>Keine Sitzung gestartet</translation>
    </message>
    <message>
        <source>%v of %m submitted</source>
        <translation>%v von %m abgeschickt</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Find in source (Ctrl+F)</source>
        <translation>In der Quelle suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Span type</source>
        <translation>Art der Textstelle</translation>
    </message>
    <message>
        <source>Span severity</source>
        <translation>Schweregrad der Textstelle</translation>
    </message>
    <message>
        <source>Mark span (H)</source>
        <translation>Textstelle markieren (H)</translation>
    </message>
    <message>
        <source>Mark the selected output text as a hallucination of the chosen type and severity</source>
        <translation>Den ausgewählten Ausgabetext als Halluzination der gewählten Art und des gewählten Schweregrads markieren</translation>
    </message>
    <message>
        <source>Marked spans; Delete removes the selected one</source>
        <translation>Markierte Textstellen; Entf entfernt die ausgewählte</translation>
    </message>
    <message>
        <source>Previous (P)</source>
        <translation>Zurück (P)</translation>
    </message>
    <message>
        <source>Skip (S)</source>
        <translation>Überspringen (S)</translation>
    </message>
    <message>
        <source>Flag (F)</source>
        <translation>Kennzeichnen (F)</translation>
    </message>
    <message>
        <source>Submit (Ctrl+Enter)</source>
        <translation>Abschicken (Strg+Enter)</translation>
    </message>
    <message>
        <source>Next (N)</source>
        <translation>Weiter (N)</translation>
    </message>
    <message>
        <source>Keys: 1-9 score, Up/Down criterion, H mark span, N/P next/previous, S skip, F flag, Ctrl+Enter submit, Ctrl+F find</source>
        <translation>Tasten: 1-9 Punktzahl, Auf/Ab Kriterium, H Textstelle markieren, N/P weiter/zurück, S überspringen, F kennzeichnen, Strg+Enter abschicken, Strg+F suchen</translation>
    </message>
    <message>
        <source>No review session with id %1</source>
        <translation>Keine Begutachtungssitzung mit der ID %1</translation>
    </message>
    <message>
        <source>Last item. %1</source>
        <translation>Letztes Element. %1</translation>
    </message>
    <message>
        <source> Output A was %1, output B was %2.</source>
        <translation> Ausgabe A war %1, Ausgabe B war %2.</translation>
    </message>
    <message>
        <source>Submitted item %1 at %2.%3</source>
        <translation>Element %1 um %2 abgeschickt.%3</translation>
    </message>
    <message>
        <source>(no reference)</source>
        <translation>(keine Referenz)</translation>
    </message>
    <message>
        <source>Comment (Enter to save)</source>
        <translation>Kommentar (Enter zum Speichern)</translation>
    </message>
    <message>
        <source>%1 (key %2)</source>
        <translation>%1 (Schlüssel %2)</translation>
    </message>
    <message>
        <source>Saved %1 at %2</source>
        <translation>%1 um %2 gespeichert</translation>
    </message>
    <message>
        <source>Saved a %1 %2 span at %3</source>
        <translation>Textstelle (%2, %1) um %3 gespeichert</translation>
    </message>
    <message>
        <source>Select text in an output first, then press H to mark it.</source>
        <translation>Wählen Sie zuerst Text in einer Ausgabe aus und drücken Sie dann H, um ihn zu markieren.</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2, %3</source>
        <translation>„%1“: %2, %3</translation>
    </message>
    <message>
        <source>This session has no items</source>
        <translation>Diese Sitzung enthält keine Elemente</translation>
    </message>
    <message>
        <source>Item %1 of %2</source>
        <translation>Element %1 von %2</translation>
    </message>
    <message>
        <source>Reviewer %1</source>
        <translation>Gutachter %1</translation>
    </message>
    <message>
        <source>blind</source>
        <translation>verblindet</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>abgeschickt</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>gekennzeichnet</translation>
    </message>
    <message>
        <source>Output %1: %2</source>
        <translation>Ausgabe %1: %2</translation>
    </message>
    <message>
        <source>Output %1</source>
        <translation>Ausgabe %1</translation>
    </message>
</context>
<context>
    <name>medtune::ui::RunAdapter</name>
    <message>
        <source>%1 (run %2): final adapter, step %3</source>
        <translation>%1 (Lauf %2): finaler Adapter, Schritt %3</translation>
    </message>
    <message>
        <source>%1 (run %2): best adapter, step %3</source>
        <translation>%1 (Lauf %2): bester Adapter, Schritt %3</translation>
    </message>
</context>
<context>
    <name>medtune::ui::RunListModel</name>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Best val. loss</source>
        <translation>Bester Val.-Verlust</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>Test-Verlust</translation>
    </message>
    <message>
        <source>Test perplexity</source>
        <translation>Test-Perplexität</translation>
    </message>
</context>
<context>
    <name>medtune::ui::RunsPage</name>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
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
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Delete...</source>
        <translation>&amp;Löschen...</translation>
    </message>
    <message>
        <source>Training runs</source>
        <translation>Trainingsläufe</translation>
    </message>
    <message>
        <source>Show the settings in which two selected runs differ</source>
        <translation>Die Einstellungen anzeigen, in denen sich zwei ausgewählte Läufe unterscheiden</translation>
    </message>
    <message>
        <source>Continue a stopped or interrupted run from its last checkpoint</source>
        <translation>Einen gestoppten oder unterbrochenen Lauf ab seinem letzten Prüfpunkt fortsetzen</translation>
    </message>
    <message>
        <source>Delete the selected runs with their checkpoints</source>
        <translation>Die ausgewählten Läufe samt ihren Prüfpunkten löschen</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>No training runs in this workspace yet. Runs you start in Training, or with &apos;medtune-cli train&apos;, appear here with their status and metrics, ready to compare and resume.</source>
        <translation>Noch keine Trainingsläufe in diesem Arbeitsbereich. Läufe, die Sie unter Training oder mit „medtune-cli train“ starten, erscheinen hier mit Status und Metriken, bereit zum Vergleichen und Fortsetzen.</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>Select runs to see their curves; select two to compare their settings.</source>
        <translation>Wählen Sie Läufe aus, um ihre Kurven zu sehen; wählen Sie zwei, um ihre Einstellungen zu vergleichen.</translation>
    </message>
    <message numerus="yes">
        <source>%n runs selected</source>
        <translation>
            <numerusform>%n Lauf ausgewählt</numerusform>
            <numerusform>%n Läufe ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings of %1 and %2</source>
        <translation>Einstellungen von %1 und %2</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht festgelegt)</translation>
    </message>
    <message>
        <source>The two runs used identical settings.</source>
        <translation>Die beiden Läufe verwendeten identische Einstellungen.</translation>
    </message>
    <message numerus="yes">
        <source>%n settings differ.</source>
        <translation>
            <numerusform>%n Einstellung unterscheidet sich.</numerusform>
            <numerusform>%n Einstellungen unterscheiden sich.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) with their checkpoints and adapters? This cannot be undone.</source>
        <translation>
            <numerusform>%n Lauf samt Prüfpunkten und Adaptern löschen? Dies kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>%n Läufe samt Prüfpunkten und Adaptern löschen? Dies kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>medtune::ui::TeamProgressView</name>
    <message>
        <source>Reviewer</source>
        <translation>Gutachter</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Abgeschickt</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Gekennzeichnet</translation>
    </message>
    <message>
        <source>Team progress</source>
        <translation>Teamfortschritt</translation>
    </message>
    <message>
        <source>Cannot read the team&apos;s progress: %1</source>
        <translation>Der Fortschritt des Teams kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Nobody has started on this session yet.</source>
        <translation>Noch niemand hat mit dieser Sitzung begonnen.</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert: %1</translation>
    </message>
</context>
<context>
    <name>medtune::ui::TokenStrip</name>
    <message>
        <source>Token strip</source>
        <translation>Token-Streifen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;position %2 of %3&lt;br&gt;id %4&lt;br&gt;label %5 (%6)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Position %2 von %3&lt;br&gt;ID %4&lt;br&gt;Label %5 (%6)</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>trainiert</translation>
    </message>
    <message>
        <source>masked, no loss</source>
        <translation>maskiert, kein Verlust</translation>
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
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Validation perplexity</source>
        <translation>Validierungs-Perplexität</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>Learning rate and throughput</source>
        <translation>Lernrate und Durchsatz</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Start a new run with these settings</source>
        <translation>Einen neuen Lauf mit diesen Einstellungen starten</translation>
    </message>
    <message>
        <source>Pause after the current micro-batch</source>
        <translation>Nach dem aktuellen Mikro-Batch pausieren</translation>
    </message>
    <message>
        <source>Continue the paused run</source>
        <translation>Den pausierten Lauf fortsetzen</translation>
    </message>
    <message>
        <source>Stop the run; it can be resumed from its last checkpoint in Runs</source>
        <translation>Den Lauf stoppen; er kann unter Läufe ab seinem letzten Prüfpunkt fortgesetzt werden</translation>
    </message>
    <message>
        <source>Step %v of %m</source>
        <translation>Schritt %v von %m</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>Trainingsprotokoll</translation>
    </message>
    <message>
        <source>Configuration of the running job</source>
        <translation>Konfiguration des laufenden Auftrags</translation>
    </message>
    <message>
        <source>The configuration of the run appears here once it starts.</source>
        <translation>Die Konfiguration des Laufs erscheint hier, sobald er startet.</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>Exportieren...</translation>
    </message>
    <message>
        <source>Save this chart as PNG or PDF</source>
        <translation>Dieses Diagramm als PNG oder PDF speichern</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Running configuration</source>
        <translation>Aktive Konfiguration</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>run</source>
        <translation>lauf</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose the base model folder (config.json, model.safetensors, tokenizer.model)</source>
        <translation>Wählen Sie den Basismodell-Ordner (config.json, model.safetensors, tokenizer.model)</translation>
    </message>
    <message>
        <source>Base model folder</source>
        <translation>Basismodell-Ordner</translation>
    </message>
    <message>
        <source>Number format of the frozen base weights; auto picks bfloat16 where it is fast</source>
        <translation>Zahlenformat der eingefrorenen Basisgewichte; „auto“ wählt bfloat16, wo es schnell ist</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>Name des Laufs:</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>Gewichte:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewichtung</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>Tick the datasets to train on; the weight sets each one&apos;s share of the mixture, the cap limits its training examples</source>
        <translation>Haken Sie die Datensätze an, auf denen trainiert werden soll; die Gewichtung bestimmt den Anteil jedes Datensatzes an der Mischung, die Obergrenze begrenzt seine Trainingsbeispiele</translation>
    </message>
    <message>
        <source>Datasets and mixture</source>
        <translation>Datensätze und Mischung</translation>
    </message>
    <message>
        <source>Longest sequence (prompt and answer) in tokens; longer documents are cut</source>
        <translation>Längste Sequenz (Prompt und Antwort) in Token; längere Dokumente werden gekürzt</translation>
    </message>
    <message>
        <source>Keep the beginning</source>
        <translation>Anfang behalten</translation>
    </message>
    <message>
        <source>Keep the end</source>
        <translation>Ende behalten</translation>
    </message>
    <message>
        <source>Keep both ends</source>
        <translation>Beide Enden behalten</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation>Maximale Länge:</translation>
    </message>
    <message>
        <source>Cut long documents:</source>
        <translation>Lange Dokumente kürzen:</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>Rank of the low-rank update</source>
        <translation>Rang der Low-Rank-Aktualisierung</translation>
    </message>
    <message>
        <source>Scale: the update is multiplied by alpha / r</source>
        <translation>Skalierung: Die Aktualisierung wird mit alpha / r multipliziert</translation>
    </message>
    <message>
        <source>Rank r:</source>
        <translation>Rang r:</translation>
    </message>
    <message>
        <source>Alpha:</source>
        <translation>Alpha:</translation>
    </message>
    <message>
        <source>Dropout:</source>
        <translation>Dropout:</translation>
    </message>
    <message>
        <source>Target modules:</source>
        <translation>Zielmodule:</translation>
    </message>
    <message>
        <source>Optimizer and schedule</source>
        <translation>Optimierer und Lernratenplan</translation>
    </message>
    <message>
        <source>Peak learning rate of AdamW</source>
        <translation>Maximale Lernrate von AdamW</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>Konstant</translation>
    </message>
    <message>
        <source>Share of the optimizer steps spent warming up</source>
        <translation>Anteil der Optimiererschritte für die Aufwärmphase</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>Weight Decay:</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>Lernratenplan:</translation>
    </message>
    <message>
        <source>Warm-up ratio:</source>
        <translation>Anteil Aufwärmphase:</translation>
    </message>
    <message>
        <source>Batches and length</source>
        <translation>Batches und Länge</translation>
    </message>
    <message>
        <source>Sequences per forward pass</source>
        <translation>Sequenzen pro Vorwärtsdurchlauf</translation>
    </message>
    <message>
        <source>Micro-batches per optimizer step</source>
        <translation>Mikro-Batches pro Optimiererschritt</translation>
    </message>
    <message>
        <source>use epochs</source>
        <translation>Epochen verwenden</translation>
    </message>
    <message>
        <source>Optimizer steps; when set, it overrides the epochs</source>
        <translation>Optimiererschritte; wenn gesetzt, ersetzen sie die Epochenangabe</translation>
    </message>
    <message>
        <source>only at the end</source>
        <translation>nur am Ende</translation>
    </message>
    <message>
        <source>Micro-batch:</source>
        <translation>Mikro-Batch:</translation>
    </message>
    <message>
        <source>Accumulation:</source>
        <translation>Akkumulation:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation>Evaluieren alle:</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>Prüfpunkt alle:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n examples)</source>
        <translation>
            <numerusform>%1 (%n Beispiel)</numerusform>
            <numerusform>%1 (%n Beispiele)</numerusform>
        </translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Tick at least one target module for LoRA</source>
        <translation>Haken Sie mindestens ein Zielmodul für LoRA an</translation>
    </message>
    <message>
        <source>Import a dataset first (Datasets section)</source>
        <translation>Importieren Sie zuerst einen Datensatz (Bereich Datensätze)</translation>
    </message>
    <message>
        <source>Tick at least one dataset to train on</source>
        <translation>Haken Sie mindestens einen Datensatz zum Trainieren an</translation>
    </message>
    <message>
        <source>Choose an instruction template</source>
        <translation>Wählen Sie eine Instruktionsvorlage</translation>
    </message>
    <message>
        <source>training (raw)</source>
        <translation>Training (roh)</translation>
    </message>
    <message>
        <source>training (smoothed)</source>
        <translation>Training (geglättet)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>validation perplexity</source>
        <translation>Validierungs-Perplexität</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Token/s</translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>Training kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Resume run</source>
        <translation>Lauf fortsetzen</translation>
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
        <translation>Lauf %1 gestartet</translation>
    </message>
    <message>
        <source>Training run %1</source>
        <translation>Trainingslauf %1</translation>
    </message>
    <message>
        <source>Data: %1 training, %2 validation and %3 test sequences, %4 truncated</source>
        <translation>Daten: %1 Trainings-, %2 Validierungs- und %3 Testsequenzen, %4 gekürzt</translation>
    </message>
    <message>
        <source>Checkpoint at step %1: %2</source>
        <translation>Prüfpunkt bei Schritt %1: %2</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <source>Training run %1 (paused)</source>
        <translation>Trainingslauf %1 (pausiert)</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Stopped; resume it from the Runs section.</source>
        <translation>Gestoppt; setzen Sie den Lauf im Bereich Läufe fort.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Completed: %1 steps, final training loss %2, test perplexity %3</source>
        <translation>Abgeschlossen: %1 Schritte, finaler Trainingsverlust %2, Test-Perplexität %3</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Training: starting</source>
        <translation>Training: wird gestartet</translation>
    </message>
    <message>
        <source>epoch %1, %2 tokens/s, %3 left</source>
        <translation>Epoche %1, %2 Token/s, noch %3</translation>
    </message>
    <message>
        <source>Longest GUI-thread stall during the run: %1 ms</source>
        <translation>Längste Blockierung des GUI-Threads während des Laufs: %1 ms</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Wird gestoppt...</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>E&amp;xport cluster launch...</source>
        <translation>Cluster-Start e&amp;xportieren...</translation>
    </message>
    <message>
        <source>Run these settings as one data-parallel job on several processes or machines (torchrun, Slurm)</source>
        <translation>Diese Einstellungen als einen datenparallelen Job auf mehreren Prozessen oder Rechnern ausführen (torchrun, Slurm)</translation>
    </message>
    <message>
        <source>Hugging Face model folder or repo id (ORG/NAME)</source>
        <translation>Hugging-Face-Modellordner oder Repo-ID (ORG/NAME)</translation>
    </message>
    <message>
        <source>Automatic (when memory is short)</source>
        <translation>Automatisch (bei knappem Speicher)</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>&amp;Activation checkpointing:</source>
        <translation>&amp;Activation Checkpointing:</translation>
    </message>
    <message>
        <source>Activation checkpointing recomputes parts of each layer in the backward pass instead of keeping their activations: the same results in far less memory, each step slower. Automatic turns it on when a step would not fit in memory.</source>
        <translation>Activation Checkpointing berechnet Teile jeder Schicht im Rückwärtsdurchlauf neu, statt ihre Aktivierungen zu behalten: dieselben Ergebnisse mit weit weniger Speicher, jeder Schritt dauert länger. Automatisch schaltet es ein, wenn ein Schritt sonst nicht in den Speicher passt.</translation>
    </message>
</context>
</TS>
