# Name pools written by hand for this corpus (not taken from any file in the project).
# Each origin: given names (mixed sexes) and surnames. The build script splits every
# origin's lists in two with a fixed seed, one half per corpus half, so no name string
# is shared between the tuning and the test half.

ORIGINS = {
    "somali": (
        "Abdirahman Hodan Farhiya Mohamed Abdullahi Ayaan Khadra Liban Sagal Hamza Idil Yusuf "
        "Ilhan Mahad Nasteho Bashir Ubah Guled Sahra Abdikarim Fartun Mustafe",
        "Warsame Farah Hassan Jama Abdi Egal Omar Nur Dirie Yusuf Ismail Mohamud Gedi Hirsi Aden Samatar Osman Duale",
    ),
    "yoruba": (
        "Oluwaseun Adebayo Folake Olamide Temitope Ayodele Babajide Funmilayo Kehinde Taiwo Damilola "
        "Oluwadamilare Yetunde Tobiloba Adewale Bukola Ifeoluwa Segun Morenike Tunde",
        "Adeyemi Ogunleye Balogun Adebisi Oyelaran Akinola Ogundipe Adeleke Olatunji Bakare Afolabi "
        "Oyewole Adesanya Fashola Ajayi Olaniyan Ogunbanjo Adegoke",
    ),
    "igbo": (
        "Chukwuemeka Ifeoma Chidi Ngozi Obinna Adaeze Chinonso Uchenna Nkechi Ikenna Chiamaka Emeka "
        "Obiageli Kelechi Chidinma Nnamdi Amarachi Tochukwu Ebuka Somtochukwu",
        "Okafor Anyanwu Nwosu Okonkwo Eze Obi Nwachukwu Okeke Chukwu Onyekachi Ibekwe Nwankwo Ugwu "
        "Ezeani Okoro Agu Nnaji Onuoha",
    ),
    "akan": (
        "Kwame Akosua Kofi Ama Kwabena Abena Yaw Adwoa Kwaku Efua Kojo Akua Kwesi Yaa Kweku Afia Nana Esi",
        "Mensah Asante Owusu Boateng Osei Agyeman Appiah Danquah Ofori Amoah Darko Acheampong Bonsu "
        "Antwi Frimpong Sarpong Quaye Addo",
    ),
    "nigerian_other": (
        "Musa Aisha Ibrahim Zainab Abubakar Hauwa Usman Fatima Sani Maryam Efe Oghenekaro Ejiro Tamuno "
        "Ekaette Ubong Bassey Ini Emem Nsikak",
        "Bello Abdullahi Danjuma Garba Yakubu Ekpo Etim Okon Edet Ikpeme Omoregie Igbinedion Osagie "
        "Ehigiator Tamuno-Ibim Akpan Inyang Umoh",
    ),
    "eritrean": (
        "Yonas Selam Tesfay Helen Filmon Senait Mehari Rahel Biniam Luwam Dawit Saba Robel Merhawit "
        "Samuel Hiwet Natnael Yordanos Kidane Semhar",
        "Tesfamariam Ghebremedhin Habte Kidane Berhane Tekle Woldemichael Gebreyesus Haile Mebrahtu "
        "Zerai Asmerom Ghirmay Negash Okbazghi Teklehaimanot Andemariam Fesehaye",
    ),
    "punjabi_sikh": (
        "Gurpreet Harjit Manpreet Jaswinder Kuldip Navdeep Simranjit Harpreet Amritpal Parminder "
        "Baljit Rajvinder Jaskaran Inderjit Sukhwinder Ravinder Gurvinder Tejinder Harleen Arshdeep",
        "Sandhu Gill Dhillon Sidhu Bains Grewal Johal Kang Atwal Sangha Chahal Randhawa Bhullar Dhaliwal "
        "Hayer Mann Bassi Virdi Kalsi",
    ),
    "pakistani": (
        "Imran Ayesha Bilal Sana Usman Nadia Zeeshan Rabia Kashif Amna Tariq Mehwish Asad Saima Faisal "
        "Hina Waqas Iqra Shoaib Zara Adeel Umair",
        "Hussain Khan Akhtar Iqbal Mahmood Rashid Chaudhry Butt Malik Qureshi Raza Shah Javed Aslam "
        "Mirza Anwar Siddiqui Rehman Yousaf Bashir",
    ),
    "bengali": (
        "Rahim Nasrin Shafiq Taslima Jubayer Rumana Mizanur Shirin Rafiq Farzana Tanvir Sumaiya Anwarul "
        "Nazmul Rokeya Saiful Habiba Arif Mahmuda Shahid",
        "Miah Uddin Begum Rahman Ahmed Chowdhury Islam Hoque Ali Khatun Sarkar Talukder Mollah Bhuiyan "
        "Howlader Kabir Sikder Mazumder",
    ),
    "tamil": (
        "Sivakumar Tharshini Prashanth Kavitha Arjun Nirosha Thiruvarasan Vithya Kajan Mathuja Suthan "
        "Abirami Niroshan Keerthana Senthuran Piriya Dinesh Janani Kumaran Thanushan",
        "Sivalingam Ratnam Rajaratnam Thambirajah Kanagaratnam Selvarajah Balasubramaniam Jeyakumar "
        "Nadarajah Sriskandarajah Mahendran Arulanantham Yogarajah Kandiah Sinnathamby Ponnambalam "
        "Thurairajah Navaratnam",
    ),
    "gujarati": (
        "Hiren Bhavna Jignesh Komal Nilesh Pooja Ketan Hetal Mitesh Krupa Rakesh Dhara Sanjay Nisha "
        "Vipul Heena Alpesh Jinal Darshan Urvi",
        "Patel Shah Mistry Parmar Desai Solanki Chauhan Joshi Thakkar Lad Vaghela Modi Bhatt Pandya "
        "Rathod Makwana Gohil Trivedi",
    ),
    "polish": (
        "Jakub Agnieszka Kacper Katarzyna Mateusz Magdalena Pawel Zofia Lukasz Aleksandra Krzysztof "
        "Joanna Wojciech Małgorzata Bartosz Natalia Grzegorz Weronika Szymon Dominika",
        "Kowalski Nowak Wiśniewski Wojcik Kaminski Lewandowska Zielinski Szymanski Wozniak Dabrowski "
        "Kozlowska Jankowski Mazur Krawczyk Piotrowski Grabowska Pawlak Michalski Zajac",
    ),
    "romanian": (
        "Andrei Ioana Florin Mihaela Bogdan Elena Cosmin Alexandra Marius Roxana Ionut Andreea Catalin "
        "Bianca Gheorghe Larisa Vasile Denisa Sorin Alina",
        "Popescu Ionescu Stoica Dumitru Constantin Munteanu Gheorghiu Radu Stan Marin Lazar Dobre "
        "Tudor Ciobanu Matei Florea Barbu Nistor",
    ),
    "lithuanian": (
        "Mantas Ieva Tomas Ruta Darius Egle Lukas Gintare Mindaugas Austeja Vytautas Greta Karolis "
        "Laura Jonas Vaida Paulius Indre Arnas Simona",
        "Kazlauskas Petrauskaite Jankauskas Stankevicius Vasiliauskas Zukauskaite Butkus Paulauskas "
        "Urbonas Kavaliauskas Navickas Rimkute Ramanauskas Sakalauskas Juskevicius Balciunas",
    ),
    "albanian": (
        "Arben Elira Besnik Mirela Ergys Anjeza Klodian Blerta Dritan Valbona Gentian Ornela Ilir "
        "Fatjona Kastriot Rezarta Erion Mimoza Arlind Jonida",
        "Hoxha Shehu Berisha Gashi Krasniqi Dervishi Leka Rama Kelmendi Bajrami Hysa Muca Cela Dushku "
        "Zeqiri Marku Prifti Toska",
    ),
    "kurdish": (
        "Rebin Shilan Karwan Nazdar Hawre Roj Dilan Berivan Soran Zhila Aram Narin Baran Jwan Shvan "
        "Hevi Dara Lana Bakhtiyar Rozhin",
        "Barzani Talabani Mahmoudi Kurdi Ahmadi Rasul Qadir Hamakarim Saleh Abdulla Mirkhan Zebari "
        "Khoshnaw Jaff Sindi Dosky",
    ),
    "arabic": (
        "Omar Layla Khalid Mariam Youssef Noor Tariq Salma Karim Rania Ahmed Dina Samir Hala Mahmoud "
        "Yasmin Faris Amira Walid Lina",
        "Al-Sayed Haddad Nasser Khalil Mansour Saleh Abdelrahman El-Masri Al-Hashimi Farouk Aziz Hamdan "
        "Bakri Al-Najjar Darwish Suleiman Al-Amin Qasim",
    ),
    "turkish": (
        "Mehmet Elif Emre Zeynep Burak Ayse Hakan Merve Serkan Gul Oguz Esra Volkan Buse Kerem Derya "
        "Cem Sibel Tolga Ebru",
        "Yilmaz Kaya Demir Sahin Celik Aydin Ozturk Arslan Dogan Kilic Aslan Cetin Kara Koc Kurt "
        "Ozdemir Polat Erdogan",
    ),
    "irish": (
        "Ruairi Siobhan Niamh Cian Aoife Oisin Saoirse Padraig Caoimhe Eoin Grainne Donal Roisin "
        "Tadhg Sinead Cathal Orla Fiachra Clodagh Diarmuid",
        "McCann,O'Neill,Ó Briain,Ní Bhriain,MacGiolla,Ó Súilleabháin,Mac Cárthaigh,O'Donnell,McGuinness,"
        "Ó Ceallaigh,Gallagher,Byrne,O'Sullivan,McLaughlin,Ní Mhurchú,Fitzgerald,Quinlan,MacNamara",
    ),
    "scottish": (
        "Callum Kirsty Euan Morag Fraser Isla Hamish Eilidh Struan Catriona Lachlan Ailsa Angus "
        "Mhairi Dougie Fiona Ross Shona Iain Kenna",
        "MacDonald Campbell Stewart Robertson Mackenzie Fraser McLeod Sutherland Buchanan Menzies "
        "Gillespie Drummond MacKinnon Urquhart Lamont Cameron Ferguson Baird",
    ),
    "welsh": (
        "Rhys Carys Gethin Ffion Iwan Bethan Dafydd Seren Owain Nia Emyr Catrin Llyr Angharad Huw "
        "Elin Geraint Gwenllian Aled Sioned",
        "Jones Evans Pritchard Llewellyn Prosser Bevan Griffiths Powell Rees Vaughan Parry Pugh "
        "Howells Meredith Gwilliam Probert Lloyd Jenkins",
    ),
    "chinese": (
        "Wei,Xiaoming,Jing,Hao,Mei Ling,Zhiwei,Yan,Jun,Xiu Ying,Ka Yan,Wing Kit,Siu Ming,Chi Keung,"
        "Lai Ying,Tsz Ho,Hoi Yan,Ming Zhe,Yuxuan,Haoran,Zixuan",
        "Zhang Wang Liu Chen Yang Huang Zhao Zhou Wu Xu Chan Wong Cheung Lau Ng Leung Tsang Yip Ho",
    ),
    "vietnamese": (
        "Van Duc,Thi Mai,Minh Tuan,Thu Trang,Quang Huy,Ngoc Anh,Duc Thang,Thi Lan,Hoang Nam,Bao Chau,"
        "Thanh Long,Kim Ngan,Van Hung,Phuong Linh",
        "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly Trinh Dinh",
    ),
    "caribbean": (
        "Delroy Marcia Winston Sharon Errol Paulette Clive Beverley Leroy Yvonne Trevor Jermaine "
        "Tyrone Shanice Kemar Tianna Rohan Kadeisha Andre Nadine",
        "Campbell Grant Thompson Brown Francis Clarke Reid Morgan Williams Gayle Blackwood McKenzie "
        "Henry Forbes Hylton Bailey Dacres Chambers",
    ),
    "roma_traveller": (
        "Jimmy,Bridget,Patrick,Kathleen,Johnny,Margaret,Mikey,Nora,Tommy,Mary Jo,Levi,Shelley,Aaron,"
        "Tina,Bartley,Kathleen Marie,Elvis,Lavinia,Dominic,Caylem",
        "Lee Boswell Price Smith Lovell Doherty McDonagh Ward Joyce Stokes Maughan Collins Cash Quilligan "
        "Buckley Delaney Rafferty Loveridge",
    ),
    "english": (
        "Jack Olivia Connor Chloe Kieran Jade Liam Amber Callum Megan Bradley Courtney Jordan Leah "
        "Ryan Ellie Nathan Stacey Dean Kayleigh Josh Bethany Tyler Kelsey Jamie Paige",
        "Smith Taylor Walker Wright Robinson Thompson Hughes Harrison Ward Turner Wilkinson Wood Hall "
        "Shaw Holmes Barker Dixon Parkinson Atkinson Pickles Sutcliffe Hargreaves Ackroyd Greenwood",
    ),
    "polish_lith_double": (
        "Oliwia Filip Julia Nikodem",
        "Kowalczyk-Nowak Wisniewska-Baran",
    ),
    "goan_mixed": (
        "Savio Leanne Anton Priya Melroy Sharon Aaron Jessica",
        "D'Souza D'Costa Fernandes Pereira Rodrigues D'Mello Gomes Coutinho",
    ),
}

# Double-barrelled surnames (mixed heritage), used whole
DOUBLE_BARRELLED = (
    "Smith-Okafor Grant-Mensah Hughes-Adeyemi Walker-Nguyen Clarke-Hussain Byrne-Boateng "
    "Patel-Thompson Jones-Osei Taylor-Khan Reid-Ogunleye Morgan-Kowalski Evans-Popescu "
    "Ahmed-Wright Bailey-Anyanwu Lloyd-Sandhu Francis-Kaya O'Neill-Mensah Barker-Gashi "
    "Hall-Miah Forbes-Eze"
).split()

# English-style names that are also ordinary words (person names here)
WORD_NAMES = [
    "Daisy Field", "Jack Straw", "Hazel Wood", "Faith Church", "Will Cook", "Summer Rose",
    "Grace Bell", "Mark Brown", "Rose Hill", "Hope Street", "Holly Green", "Amber White",
    "Robin Black", "Dawn Bishop", "Crystal Waters", "Frank Mills", "Sunny Day", "Joy Page",
    "Ray Fisher", "Miles Long", "Penny Lane", "Iris Moon", "Victor Young", "Heather Moss",
    "Will Church", "Grace Field", "Ivy Stone", "Sky Lark", "Rich Marsh", "Angel Cross",
    "Sandy Shore", "Ruby Gold", "Bill Fairweather", "Dale Hunter", "Holly Bush", "Chase Banks",
    "Summer Wood", "Faith Hope", "Jade Green", "Mark Stone", "Rose Black", "Ben Hill",
    "Hope Brook", "Cliff Edge", "Pearl Winter", "Autumn Fields", "Drew Barber", "Sterling Silver",
    "Brook Mason", "Wren Carter", "Rowan Ash", "Storm Rider", "Ash Dean", "Neve Read",
]

# Street names / nicknames as written in notes
NICKNAMES = (
    "Bricks Tiny Ghost Dreezy Skengz Blade Smokey Biggz Lil T Kayzee Shotta Zico Trapz Rico Naz "
    "Deeks Sav Junior Pepsi Bugzy Stacks Monty Ratz Jinx Kato Prezzy Scrappy Mizzy Tugz Bambi "
    "Chucky Flex Wizz Snoop Dotty Nines Bucks Wavey Skinny Capo Loski Reeks Kilo Fats Digga Yungz "
    "Boogz Tricks Mercy Macca Stitch"
).split()
# two-word nicknames
NICKNAMES += ["Lil Ty", "Big Mo", "Kay Zee", "Young D", "Baby K", "Little Kofi", "Mad Max", "Yung Reece",
              "Bad Boy Ced", "Sweets", "Ginger Tom", "Big Cheese", "Lil Zee", "YM Dre"]
