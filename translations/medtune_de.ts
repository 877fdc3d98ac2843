<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
</context>
</TS>
