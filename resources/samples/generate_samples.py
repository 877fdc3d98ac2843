#!/usr/bin/env python3
"""Writes the project's bundled sample datasets (every published format the workbench reads).

The content is written for MedTune Workbench: plausible clinical text composed from the
tables below, not copied from any dataset. Run from this folder; output is deterministic.
"""
import json, random, os

rng = random.Random(20261128)
HERE = os.path.dirname(os.path.abspath(__file__))

def out(rel):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path

# (intervention, population, outcome, verb, decision)
STUDIES = [
    ("early mobilisation", "patients after hip fracture surgery", "length of hospital stay", "shorten", "yes"),
    ("chlorhexidine bathing", "intensive care patients", "central line infections", "reduce", "yes"),
    ("vitamin D supplementation", "adults with asthma", "severe exacerbations", "reduce", "maybe"),
    ("tranexamic acid", "women with postpartum haemorrhage", "death from bleeding", "reduce", "yes"),
    ("routine antibiotic prophylaxis", "children with simple febrile seizures", "seizure recurrence", "reduce", "no"),
    ("a nurse-led telephone follow-up", "patients discharged with heart failure", "30-day readmission", "reduce", "yes"),
    ("intensive glucose control", "critically ill adults", "90-day mortality", "lower", "no"),
    ("a structured exercise programme", "older adults with knee osteoarthritis", "pain scores", "improve", "yes"),
    ("melatonin", "hospitalised older adults", "incident delirium", "prevent", "maybe"),
    ("probiotic prophylaxis", "preterm infants", "necrotising enterocolitis", "reduce", "yes"),
    ("preoperative carbohydrate loading", "patients having colorectal surgery", "postoperative insulin resistance", "reduce", "maybe"),
    ("a smartphone reminder", "adults taking antihypertensive drugs", "medication adherence", "improve", "yes"),
    ("omega-3 fatty acids", "patients with stable coronary disease", "major cardiac events", "reduce", "no"),
    ("continuous glucose monitoring", "adolescents with type 1 diabetes", "HbA1c", "lower", "yes"),
    ("restrictive transfusion", "patients with upper gastrointestinal bleeding", "rebleeding", "reduce", "yes"),
    ("zinc supplementation", "children with acute diarrhoea", "duration of diarrhoea", "shorten", "yes"),
    ("routine chest radiography", "asymptomatic preoperative patients", "changes in surgical management", "cause", "no"),
    ("a pharmacist medication review", "nursing home residents", "falls", "reduce", "maybe"),
    ("low-dose aspirin", "women at high risk of preeclampsia", "preterm preeclampsia", "reduce", "yes"),
    ("cranberry products", "women with recurrent urinary tract infections", "symptomatic infections", "reduce", "maybe"),
    ("prone positioning", "patients with severe acute respiratory distress syndrome", "28-day mortality", "lower", "yes"),
    ("high-flow nasal oxygen", "infants with bronchiolitis", "escalation of care", "reduce", "yes"),
    ("routine ultrasound in late pregnancy", "low-risk pregnant women", "perinatal morbidity", "reduce", "no"),
    ("cognitive behavioural therapy", "adults with chronic insomnia", "sleep onset latency", "shorten", "yes"),
    ("steroid injection", "patients with lateral epicondylitis", "pain at one year", "reduce", "no"),
    ("a fall prevention bundle", "inpatients on medical wards", "injurious falls", "reduce", "maybe"),
    ("iron supplementation", "non-anaemic blood donors", "fatigue scores", "improve", "maybe"),
    ("early enteral nutrition", "patients with severe acute pancreatitis", "infectious complications", "reduce", "yes"),
    ("physiotherapy", "patients with chronic low back pain", "disability scores", "improve", "yes"),
    ("antibiotics", "adults with acute uncomplicated bronchitis", "cough duration", "shorten", "no"),
    ("a hand hygiene campaign", "surgical wards", "MRSA acquisition", "reduce", "yes"),
    ("daily sedation interruption", "mechanically ventilated adults", "duration of ventilation", "shorten", "yes"),
    ("mediterranean diet counselling", "adults with metabolic syndrome", "waist circumference", "reduce", "maybe"),
    ("topical nitroglycerin", "patients with chronic anal fissure", "fissure healing", "improve", "yes"),
    ("screening for atrial fibrillation", "adults over 75 in primary care", "stroke incidence", "reduce", "maybe"),
    ("magnesium sulphate", "women with severe preeclampsia", "eclamptic seizures", "prevent", "yes"),
    ("arthroscopic debridement", "patients with degenerative knee disease", "function at two years", "improve", "no"),
    ("a text-message programme", "smokers who want to quit", "continuous abstinence", "increase", "yes"),
    ("compression stockings", "patients after acute stroke", "deep vein thrombosis", "reduce", "no"),
    ("intravenous iron", "patients with heart failure and iron deficiency", "exercise capacity", "improve", "yes"),
    ("school-based vision screening", "primary school children", "reading performance", "improve", "maybe"),
    ("bedside ultrasound guidance", "adults needing peripheral venous access", "failed cannulation", "reduce", "yes"),
    ("delayed cord clamping", "preterm infants", "need for transfusion", "reduce", "yes"),
    ("a weight-loss programme", "adults with obstructive sleep apnoea", "apnoea-hypopnoea index", "lower", "yes"),
    ("routine follow-up imaging", "patients treated for uncomplicated appendicitis", "detection of complications", "improve", "no"),
    ("acupuncture", "women undergoing in vitro fertilisation", "live birth rate", "increase", "no"),
    ("a sepsis screening tool", "emergency department patients", "time to antibiotics", "shorten", "yes"),
    ("lidocaine patches", "patients with postherpetic neuralgia", "pain intensity", "reduce", "maybe"),
    ("ward-based simulation training", "junior doctors", "recognition of deteriorating patients", "improve", "yes"),
    ("oral rehydration in the waiting room", "children with gastroenteritis", "intravenous fluid use", "reduce", "yes"),
]
MESH_POOL = ["Humans", "Female", "Male", "Adult", "Aged", "Child", "Treatment Outcome", "Prospective Studies",
             "Retrospective Studies", "Randomized Controlled Trials as Topic", "Risk Factors", "Hospitalization"]
DESIGNS = ["randomised controlled trial", "prospective cohort study", "retrospective cohort study", "cluster randomised trial"]

def study_record(i):
    interv, pop, outc, verb, decision = STUDIES[i]
    n = rng.randrange(80, 2400)
    design = DESIGNS[i % len(DESIGNS)]
    a = rng.uniform(8, 40)
    if decision == "yes":
        b = a * rng.uniform(0.45, 0.8); p = rng.choice(["<0.001", "0.002", "0.01", "0.03"])
    elif decision == "no":
        b = a * rng.uniform(0.93, 1.06); p = rng.choice(["0.41", "0.58", "0.72", "0.88"])
    else:
        b = a * rng.uniform(0.8, 0.92); p = rng.choice(["0.06", "0.08", "0.11"])
    question = f"Does {interv} {verb} {outc} in {pop}?"
    contexts = [
        f"{outc[0].upper() + outc[1:]} remains a frequent and costly problem in {pop}. Whether {interv} changes this is uncertain, and current guidance differs between countries.",
        f"We performed a {design} of {n} {pop} at {rng.randrange(1, 12)} centres. The primary outcome was {outc}; secondary outcomes included adverse events and resource use.",
        f"The primary outcome occurred in {b:.1f}% of the intervention group and {a:.1f}% of the control group (p={p}). Adverse events were similar in both groups.",
    ]
    if decision == "yes":
        long = f"In {pop}, {interv} was associated with a clinically relevant effect on {outc}, with no excess of adverse events. It can be recommended where resources allow."
    elif decision == "no":
        long = f"{interv[0].upper() + interv[1:]} did not change {outc} in {pop}. The results do not support its routine use for this purpose."
    else:
        long = f"{interv[0].upper() + interv[1:]} may {verb} {outc} in {pop}, but the effect was not statistically certain. A larger trial is needed before routine use."
    return question, contexts, decision, long, n, design

def write_pubmedqa():
    official, truth = {}, {}
    for i in range(40):
        q, ctx, dec, long, n, design = study_record(i)
        pmid = str(31000000 + i * 7919)
        official[pmid] = {
            "QUESTION": q, "CONTEXTS": ctx, "LABELS": ["BACKGROUND", "METHODS", "RESULTS"],
            "MESHES": sorted(rng.sample(MESH_POOL, 4)), "YEAR": str(2012 + i % 11),
            "reasoning_required_pred": dec, "reasoning_free_pred": dec,
            "final_decision": dec, "LONG_ANSWER": long,
        }
        if i % 8 in (1, 4):
            truth[pmid] = dec
    with open(out("pubmedqa/ori_pqal_sample.json"), "w") as f:
        json.dump(official, f, indent=1)
    with open(out("pubmedqa/test_ground_truth_sample.json"), "w") as f:
        json.dump(truth, f)
    with open(out("pubmedqa/pubmedqa_hf_sample.jsonl"), "w") as f:
        for i in range(20, 50):
            q, ctx, dec, long, n, design = study_record(i)
            rec = {"pubid": 32000000 + i * 104729, "question": q,
                   "context": {"contexts": ctx, "labels": ["BACKGROUND", "METHODS", "RESULTS"],
                               "meshes": sorted(rng.sample(MESH_POOL, 3))},
                   "long_answer": long, "final_decision": dec}
            f.write(json.dumps(rec) + "\n")

# MedMCQA: question, four options, correct index (0-based here), explanation, subject, topic
MCQ = [
    ("Drug of choice for anaphylactic shock is:", ["Adrenaline", "Atropine", "Hydrocortisone", "Chlorpheniramine"], 0, "Intramuscular adrenaline is the first-line treatment of anaphylaxis.", "Pharmacology", "Autonomic drugs"),
    ("Most common site of ectopic pregnancy is:", ["Ovary", "Ampulla of the fallopian tube", "Cervix", "Isthmus"], 1, "About 70-80% of tubal pregnancies are ampullary.", "Gynaecology & Obstetrics", "Ectopic pregnancy"),
    ("Antidote for paracetamol poisoning is:", ["Naloxone", "Flumazenil", "N-acetylcysteine", "Desferrioxamine"], 2, "N-acetylcysteine replenishes glutathione.", "Pharmacology", "Toxicology"),
    ("Koplik spots are seen in:", ["Rubella", "Measles", "Mumps", "Chickenpox"], 1, "Koplik spots appear on the buccal mucosa before the measles rash.", "Pediatrics", "Infectious diseases"),
    ("The normal adult haemoglobin is mainly:", ["HbA", "HbF", "HbA2", "HbS"], 0, "", "Biochemistry", "Haemoglobin"),
    ("Which nerve is injured in a fracture of the surgical neck of the humerus?", ["Radial nerve", "Ulnar nerve", "Axillary nerve", "Median nerve"], 2, "The axillary nerve winds around the surgical neck.", "Anatomy", "Upper limb"),
    ("Drug of choice for absence seizures in children is:", ["Phenytoin", "Carbamazepine", "Ethosuximide", "Phenobarbitone"], 2, "Ethosuximide or valproate are used for typical absence seizures.", "Pharmacology", "Antiepileptics"),
    ("Vitamin deficiency causing Wernicke encephalopathy is:", ["Vitamin B12", "Thiamine", "Niacin", "Pyridoxine"], 1, "Thiamine (vitamin B1) deficiency, often with alcohol use.", "Medicine", "Nutrition"),
    ("The most common cause of community-acquired pneumonia is:", ["Staphylococcus aureus", "Klebsiella pneumoniae", "Streptococcus pneumoniae", "Legionella"], 2, "", "Medicine", "Respiratory infections"),
    ("Which hormone is produced by the posterior pituitary?", ["Oxytocin", "Prolactin", "Growth hormone", "ACTH"], 0, "The posterior pituitary releases oxytocin and vasopressin.", "Physiology", "Endocrine"),
    ("Most common type of thyroid cancer is:", ["Follicular", "Medullary", "Papillary", "Anaplastic"], 2, "Papillary carcinoma accounts for about 80% of thyroid cancers.", "Surgery", "Thyroid"),
    ("Cardiac marker that rises earliest after myocardial infarction is:", ["LDH", "Myoglobin", "Troponin T", "CK-MB"], 1, "Myoglobin rises within 1-3 hours but is not specific.", "Medicine", "Cardiology"),
    ("Which antihypertensive is avoided in pregnancy?", ["Labetalol", "Methyldopa", "Nifedipine", "Enalapril"], 3, "ACE inhibitors are teratogenic.", "Pharmacology", "Antihypertensives"),
    ("Reed-Sternberg cells are characteristic of:", ["Hodgkin lymphoma", "Burkitt lymphoma", "Multiple myeloma", "CLL"], 0, "", "Pathology", "Haematology"),
    ("The commonest cause of intestinal obstruction in adults in the West is:", ["Hernia", "Adhesions", "Volvulus", "Intussusception"], 1, "Postoperative adhesions are the leading cause.", "Surgery", "Intestinal obstruction"),
    ("Which vaccine is given at birth under most national schedules?", ["MMR", "BCG", "DTP booster", "Typhoid"], 1, "BCG is given at birth in countries with high TB burden.", "Social & Preventive Medicine", "Immunisation"),
    ("Drug used to reverse heparin is:", ["Vitamin K", "Protamine sulphate", "Tranexamic acid", "Fresh frozen plasma"], 1, "Protamine binds heparin.", "Pharmacology", "Anticoagulants"),
    ("The most common cause of nephrotic syndrome in children is:", ["Membranous nephropathy", "FSGS", "Minimal change disease", "IgA nephropathy"], 2, "", "Pediatrics", "Nephrology"),
    ("Philadelphia chromosome is seen in:", ["CML", "AML", "ALL only", "Hairy cell leukaemia"], 0, "t(9;22) forms BCR-ABL.", "Pathology", "Leukaemia"),
    ("The dermatome supplying the umbilicus is:", ["T6", "T8", "T10", "L1"], 2, "", "Anatomy", "Dermatomes"),
    ("First-line drug for type 2 diabetes in most guidelines is:", ["Glibenclamide", "Metformin", "Insulin glargine", "Pioglitazone"], 1, "Metformin unless contraindicated.", "Medicine", "Diabetes"),
    ("Which organism causes scrub typhus?", ["Rickettsia prowazekii", "Orientia tsutsugamushi", "Coxiella burnetii", "Bartonella"], 1, "", "Microbiology", "Rickettsiae"),
    ("Investigation of choice for acute subarachnoid haemorrhage is:", ["MRI", "Non-contrast CT", "Lumbar puncture first", "EEG"], 1, "Non-contrast CT within six hours is highly sensitive.", "Medicine", "Neurology"),
    ("Kussmaul breathing is seen in:", ["Metabolic alkalosis", "Diabetic ketoacidosis", "Respiratory acidosis", "Hypokalaemia"], 1, "Deep rapid breathing compensates metabolic acidosis.", "Medicine", "Acid-base"),
    ("Most common site of carcinoid tumour in the gut is:", ["Stomach", "Appendix and small intestine", "Oesophagus", "Rectum only"], 1, "", "Pathology", "GI tumours"),
    ("Drug of choice for syphilis is:", ["Doxycycline", "Benzathine penicillin", "Ceftriaxone", "Azithromycin"], 1, "", "Dermatology", "STIs"),
    ("The Apgar score is assessed at:", ["1 and 5 minutes", "10 and 20 minutes", "Birth only", "24 hours"], 0, "", "Pediatrics", "Neonatology"),
    ("Which cranial nerve supplies the lateral rectus?", ["III", "IV", "VI", "V"], 2, "Abducens nerve (VI).", "Anatomy", "Head and neck"),
    ("Finding typical of iron-deficiency anaemia is:", ["High ferritin", "Microcytic hypochromic cells", "Macrocytosis", "Low TIBC"], 1, "", "Pathology", "Anaemia"),
    ("Treatment of choice for ventricular fibrillation is:", ["Amiodarone", "Defibrillation", "Adenosine", "Atropine"], 1, "Immediate unsynchronised shock.", "Medicine", "Resuscitation"),
    ("The commonest congenital heart disease is:", ["ASD", "VSD", "Tetralogy of Fallot", "PDA"], 1, "", "Pediatrics", "Cardiology"),
    ("Which drug causes gingival hyperplasia?", ["Phenytoin", "Valproate", "Levetiracetam", "Lamotrigine"], 0, "", "Pharmacology", "Adverse effects"),
    ("Earliest sign of raised intracranial pressure in the eye is:", ["Optic atrophy", "Papilloedema with blurred disc margins", "Cherry red spot", "Retinal detachment"], 1, "", "Ophthalmology", "Neuro-ophthalmology"),
    ("The incubation period of hepatitis A is about:", ["2-6 weeks", "2-6 months", "2-6 days", "1 year"], 0, "", "Social & Preventive Medicine", "Viral hepatitis"),
    ("Which test screens for cervical cancer?", ["Mammography", "Pap smear", "CA-125", "Colposcopy only"], 1, "", "Gynaecology & Obstetrics", "Screening"),
    ("The main buffer of extracellular fluid is:", ["Phosphate", "Bicarbonate", "Haemoglobin", "Protein"], 1, "", "Physiology", "Acid-base"),
]
MCQ_TEST = [
    ("Drug of choice for status epilepticus in the emergency department is:", ["Lorazepam", "Valproate", "Carbamazepine", "Topiramate"]),
    ("The commonest cause of upper GI bleeding is:", ["Peptic ulcer", "Varices", "Mallory-Weiss tear", "Gastric cancer"]),
    ("Hormone deficient in Addison disease is:", ["Cortisol", "Insulin", "Thyroxine", "Growth hormone"]),
    ("Which nerve is at risk in thyroidectomy?", ["Recurrent laryngeal nerve", "Phrenic nerve", "Vagus trunk", "Hypoglossal nerve"]),
    ("Most common organism in urinary tract infection is:", ["Escherichia coli", "Proteus", "Pseudomonas", "Enterococcus"]),
    ("First-line treatment of mild persistent asthma is:", ["Inhaled corticosteroid", "Oral theophylline", "Montelukast alone", "Oral steroids"]),
    ("The universal donor blood group is:", ["O negative", "AB positive", "A negative", "B positive"]),
    ("Which vitamin deficiency causes scurvy?", ["Vitamin C", "Vitamin A", "Vitamin D", "Vitamin E"]),
]

def write_medmcqa():
    with open(out("medmcqa/medmcqa_train_sample.jsonl"), "w") as f:
        for i, (q, opts, c, exp, subj, topic) in enumerate(MCQ):
            rec = {"id": f"s-{i:04x}-mcq", "question": q, "opa": opts[0], "opb": opts[1], "opc": opts[2], "opd": opts[3],
                   "cop": c + 1, "choice_type": "single", "exp": exp if exp else None,
                   "subject_name": subj, "topic_name": topic}
            f.write(json.dumps(rec) + "\n")
    with open(out("medmcqa/medmcqa_test_sample.jsonl"), "w") as f:
        for i, (q, opts) in enumerate(MCQ_TEST):
            rec = {"id": f"t-{i:04x}-mcq", "question": q, "opa": opts[0], "opb": opts[1], "opc": opts[2], "opd": opts[3],
                   "choice_type": "single", "subject_name": "Medicine", "topic_name": None}
            f.write(json.dumps(rec) + "\n")

# condition, what it is, main symptoms, treatment
CONDITIONS = [
    ("shingles", "a painful rash caused by reactivation of the chickenpox virus", "a band of blisters on one side of the body and burning pain", "antiviral tablets started within three days, pain relief, and keeping the rash clean"),
    ("gout", "a form of arthritis caused by uric acid crystals in a joint", "sudden severe pain, redness and swelling, often in the big toe", "anti-inflammatory drugs or colchicine for attacks and allopurinol to lower uric acid"),
    ("iron-deficiency anaemia", "a shortage of red blood cells because the body lacks iron", "tiredness, pale skin and shortness of breath", "iron tablets and treating the cause of blood loss"),
    ("hypothyroidism", "an underactive thyroid gland that makes too little hormone", "tiredness, weight gain, feeling cold and constipation", "daily levothyroxine with regular blood tests"),
    ("plantar fasciitis", "inflammation of the tissue along the sole of the foot", "heel pain that is worst with the first steps in the morning", "stretching, supportive shoes, rest and sometimes physiotherapy"),
    ("migraine", "a recurring headache disorder", "throbbing headache, nausea and sensitivity to light", "pain relief or triptans for attacks and preventive medicine for frequent attacks"),
    ("type 2 diabetes", "a condition in which the body does not use insulin well", "thirst, passing more urine and tiredness", "diet, exercise, weight loss and medicines such as metformin"),
    ("atrial fibrillation", "an irregular and often fast heart rhythm", "palpitations, breathlessness and dizziness", "rate or rhythm control and anticoagulants to prevent stroke"),
    ("psoriasis", "a long-term skin condition with an overactive immune response", "red, scaly patches on elbows, knees and scalp", "creams, light therapy and, for severe disease, tablets or injections"),
    ("kidney stones", "hard deposits of minerals that form in the kidneys", "severe pain in the side or back and blood in the urine", "pain relief, drinking water, and procedures for large stones"),
    ("coeliac disease", "an immune reaction to gluten that damages the small intestine", "diarrhoea, bloating, weight loss and anaemia", "a strict lifelong gluten-free diet"),
    ("osteoporosis", "weakening of the bones that makes fractures more likely", "often no symptoms until a bone breaks", "calcium, vitamin D, exercise and bone-strengthening drugs"),
    ("glaucoma", "damage to the optic nerve often linked to raised eye pressure", "gradual loss of side vision", "eye drops, laser treatment or surgery to lower eye pressure"),
    ("sciatica", "pain from irritation of the sciatic nerve", "pain spreading from the lower back down one leg", "staying active, pain relief and physiotherapy"),
    ("urinary tract infection", "an infection of the bladder or kidneys", "burning when passing urine and needing to go often", "a short course of antibiotics and fluids"),
    ("eczema", "a condition that makes the skin dry, itchy and inflamed", "itchy, cracked and red skin", "moisturisers and steroid creams for flare-ups"),
    ("heart failure", "a condition in which the heart does not pump as well as it should", "breathlessness, ankle swelling and tiredness", "diuretics, ACE inhibitors, beta blockers and lifestyle changes"),
    ("asthma", "a long-term condition that narrows the airways", "wheezing, cough and chest tightness", "inhaled steroids to prevent attacks and relievers for symptoms"),
    ("Lyme disease", "a bacterial infection spread by tick bites", "a spreading circular rash, fever and joint pains", "a course of antibiotics such as doxycycline"),
    ("tinnitus", "hearing sounds that come from inside the body", "ringing or buzzing in the ears", "treating the cause, sound therapy and counselling"),
    ("carpal tunnel syndrome", "pressure on the median nerve at the wrist", "tingling and numbness in the thumb and fingers", "wrist splints, steroid injections or surgery"),
    ("anaphylaxis", "a severe, life-threatening allergic reaction", "swelling of the throat, breathing difficulty and collapse", "an adrenaline injection and emergency care"),
    ("pneumonia", "an infection that inflames the air sacs of the lungs", "cough, fever and breathlessness", "antibiotics, rest and fluids; hospital care when severe"),
    ("hepatitis B", "a viral infection of the liver", "often none, or jaundice and tiredness", "monitoring and antiviral medicines for chronic infection; vaccination prevents it"),
    ("rheumatoid arthritis", "an autoimmune disease that inflames the joints", "painful, swollen and stiff joints, especially in the morning", "disease-modifying drugs such as methotrexate"),
    ("diverticulitis", "inflammation of small pouches in the bowel wall", "pain in the lower left abdomen and fever", "rest, fluids and sometimes antibiotics"),
    ("vertigo", "a feeling that you or your surroundings are spinning", "dizziness, loss of balance and nausea", "treating the cause, repositioning manoeuvres and balance exercises"),
    ("acne", "a skin condition caused by blocked hair follicles", "spots, oily skin and sometimes scars", "topical treatments and, for severe acne, tablets"),
    ("chronic kidney disease", "a long-term loss of kidney function", "often none until late, then tiredness and swelling", "controlling blood pressure and diabetes and regular monitoring"),
    ("sleep apnoea", "repeated pauses in breathing during sleep", "loud snoring, daytime sleepiness and morning headaches", "weight loss and a CPAP machine at night"),
]

def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def write_mediqa():
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<MEDIQA2019-Task3-QA>"]
    for i, (cond, what, symptoms, treat) in enumerate(CONDITIONS):
        qid = f"S{i + 1:03d}"
        lines.append(f'<Question QID="{qid}">')
        lines.append(f"<QuestionText>What is {xml_escape(cond)} and how is it treated?</QuestionText>")
        lines.append("<AnswerList>")
        answers = [
            (f"{cond[0].upper() + cond[1:]} is {what}. Typical symptoms are {symptoms}. Treatment usually involves {treat}.", 4),
            (f"{cond[0].upper() + cond[1:]} is {what}. Talk to your doctor about the treatment options that suit you.", 3),
            (f"Many conditions cause {symptoms.split(',')[0]}. A doctor can examine you and arrange tests.", 2),
            (f"This page lists clinics and opening hours. For appointments about {cond}, call the main switchboard.", 1),
        ]
        order = list(range(4))
        rng.shuffle(order)
        for rank, k in enumerate(order, start=1):
            text, score = answers[k]
            lines.append(f'<Answer AID="{qid}_A{k + 1}" SystemRank="{rank}" ReferenceRank="{k + 1}" ReferenceScore="{score}">')
            lines.append(f"<AnswerURL>https://health.example.org/{cond.replace(' ', '-')}/{k + 1}</AnswerURL>")
            lines.append(f"<AnswerText>{xml_escape(text)}</AnswerText>")
            lines.append("</Answer>")
        lines.append("</AnswerList>")
        lines.append("</Question>")
    lines.append("</MEDIQA2019-Task3-QA>")
    with open(out("mediqa/mediqa_qa_sample.xml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    ans = {}
    for i, (cond, what, symptoms, treat) in enumerate(CONDITIONS[:20]):
        qid = str(i + 1)
        a1 = (f"{cond[0].upper() + cond[1:]} is {what}. People usually notice {symptoms}. Doctors diagnose it from the history, "
              f"an examination and sometimes tests. Treatment includes {treat}. Most people improve with treatment, although "
              f"some need long-term follow-up.")
        a2 = (f"Questions about {cond}. The main treatment options are {treat}. Your care team will explain the risks and "
              f"benefits of each option. Seek urgent help if symptoms suddenly get worse.")
        ans[qid] = {
            "question": f"What are the treatments for {cond}?",
            "multi_abs_summ": f"{cond[0].upper() + cond[1:]} is {what}; treatment includes {treat}.",
            "multi_ext_summ": f"Treatment includes {treat}. The main treatment options are {treat}.",
            "answers": {
                f"{qid}_Answer1": {"article": a1, "answer_abs_summ": f"{cond[0].upper() + cond[1:]} is treated with {treat}.",
                                    "answer_ext_summ": f"Treatment includes {treat}.", "section": "Treatment",
                                    "url": f"https://health.example.org/{cond.replace(' ', '-')}", "rating": "2"},
                f"{qid}_Answer2": {"article": a2, "answer_abs_summ": f"Options for {cond} are {treat}; seek help if it worsens.",
                                    "answer_ext_summ": f"The main treatment options are {treat}.", "section": "Options",
                                    "url": f"https://care.example.org/{cond.replace(' ', '-')}", "rating": "1"},
            },
        }
    with open(out("mediqa/mediqa_ans_sample.json"), "w") as f:
        json.dump(ans, f, indent=1)

def article_for(i):
    q, ctx, dec, long, n, design = study_record(i % len(STUDIES))
    interv, pop, outc, verb, _ = STUDIES[i % len(STUDIES)]
    intro = [
        f"{outc[0].upper() + outc[1:]} is an important outcome for {pop}.",
        f"Several small studies have suggested that {interv} might {verb} {outc}, but the evidence is inconsistent.",
        f"We therefore conducted a {design} to estimate the effect of {interv} in routine care.",
    ]
    methods = [
        f"We included {n} {pop} treated between {2010 + i % 8} and {2014 + i % 8}.",
        "Baseline characteristics were recorded at enrolment by trained research nurses.",
        f"The primary outcome was {outc}, assessed by investigators unaware of group allocation.",
    ]
    results = [ctx[2], "Subgroup analyses by age and sex showed consistent results.",
               "Sensitivity analyses that excluded protocol deviations gave similar estimates."]
    discussion = [long, "Our findings should be interpreted in light of the study design and the setting.",
                  "Further work should examine cost-effectiveness and long-term outcomes."]
    abstract = [
        f"background : {outc} is common in {pop} .",
        f"methods : we performed a {design} including {n} {pop} to assess {interv} .",
        f"results : {ctx[2][0].lower() + ctx[2][1:]}".replace(".", " .").replace("  ", " "),
        f"conclusions : {long[0].lower() + long[1:]}".replace(".", " ."),
    ]
    return intro, methods, results, discussion, abstract

def write_summarization():
    with open(out("summarization/pubmed_summarization_sample.jsonl"), "w") as f:
        for i in range(40):
            intro, methods, results, discussion, abstract = article_for(i)
            article = "\n".join([" ".join(intro), " ".join(methods), " ".join(results), " ".join(discussion)])
            f.write(json.dumps({"article": article, "abstract": "\n".join(abstract)}) + "\n")
    with open(out("summarization/scientific_papers_sample.jsonl"), "w") as f:
        for i in range(30):
            intro, methods, results, discussion, abstract = article_for(i + 7)
            sections = [intro, methods, results, discussion]
            rec = {"article_id": f"PMC{4100000 + i * 37}", "article_text": [s for sec in sections for s in sec],
                   "abstract_text": [f"<S> {a} </S>" for a in abstract], "labels": None,
                   "section_names": ["introduction", "methods", "results", "discussion"], "sections": sections}
            f.write(json.dumps(rec) + "\n")
    with open(out("summarization/scientific_papers_hf_sample.jsonl"), "w") as f:
        for i in range(30):
            intro, methods, results, discussion, abstract = article_for(i + 13)
            article = "\n".join(s for sec in [intro, methods, results, discussion] for s in sec)
            f.write(json.dumps({"article": article, "abstract": "\n".join(abstract),
                                "section_names": "introduction\nmethods\nresults\ndiscussion"}) + "\n")

def write_custom():
    import csv
    with open(out("custom/discharge_notes_sample.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["note_id", "discharge_note", "summary"])
        for i, (cond, what, symptoms, treat) in enumerate(CONDITIONS):
            age = rng.randrange(24, 91)
            sex = rng.choice(["man", "woman"])
            days = rng.randrange(1, 9)
            note = (f"Patient: {age}-year-old {sex}.\nPresenting complaint: {symptoms}.\n"
                    f"Assessment: findings consistent with {cond}, {what}.\n"
                    f"Course: admitted for {days} day{'s' if days > 1 else ''}; managed with {treat}. Observations stable at discharge.\n"
                    f"Plan: GP review in two weeks; return if symptoms worsen.")
            summary = (f"{age}-year-old {sex} admitted for {days} day{'s' if days > 1 else ''} with {cond}, "
                       f"treated with {treat}; GP review in two weeks.")
            w.writerow([f"DN-{1000 + i}", note, summary])

write_pubmedqa(); write_medmcqa(); write_mediqa(); write_summarization(); write_custom()
